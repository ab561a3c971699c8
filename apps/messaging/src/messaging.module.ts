import { Module } from '@nestjs/common';
import { MessagingExportPartDeliveredV1 } from '@amtsweg/contracts';
import { EventingModule, KnownTenantsModule, tenantExportPartController } from '@amtsweg/eventing';
import { MESSAGING_TRANSPORT } from './messaging.transport';
import { SealedContacts } from './notification/sealed-contacts';
import { dataSourceToken, messagingSealProvider, ServiceDatabaseModule, Clock, SystemClock } from '@amtsweg/platform';
import { AddGroupMembersHandler } from './conversation/add-group-members/add-group-members.handler';
import { AddGroupMembersHttpController } from './conversation/add-group-members/add-group-members.http.controller';
import { ConversationRepository } from './conversation/conversation.repository';
import { DeleteMessageHandler } from './conversation/delete-message/delete-message.handler';
import { ReactToMessageHandler } from './conversation/react-to-message/react-to-message.handler';
import { ReactToMessageHttpController } from './conversation/react-to-message/react-to-message.http.controller';
import { DeleteMessageHttpController } from './conversation/delete-message/delete-message.http.controller';
import { EditMessageHandler } from './conversation/edit-message/edit-message.handler';
import { EditMessageHttpController } from './conversation/edit-message/edit-message.http.controller';
import { ListConversationsHandler } from './conversation/list-conversations/list-conversations.handler';
import { ListConversationsHttpController } from './conversation/list-conversations/list-conversations.http.controller';
import { ListMessagesHandler } from './conversation/list-messages/list-messages.handler';
import { ListMessagesHttpController } from './conversation/list-messages/list-messages.http.controller';
import { MarkConversationReadHandler } from './conversation/mark-conversation-read/mark-conversation-read.handler';
import { MarkConversationReadHttpController } from './conversation/mark-conversation-read/mark-conversation-read.http.controller';
import { MessageEvents } from './conversation/message-events';
import { OpenCaseThreadHandler } from './conversation/open-case-thread/open-case-thread.handler';
import { PostMessageHandler } from './conversation/post-message/post-message.handler';
import { PostMessageHttpController } from './conversation/post-message/post-message.http.controller';
import { SearchMessagesHandler } from './conversation/search-messages/search-messages.handler';
import { SearchMessagesHttpController } from './conversation/search-messages/search-messages.http.controller';
import { StartConversationHandler } from './conversation/start-conversation/start-conversation.handler';
import { StartConversationHttpController } from './conversation/start-conversation/start-conversation.http.controller';
import { ViewConversationHandler } from './conversation/view-conversation/view-conversation.handler';
import { ViewConversationHttpController } from './conversation/view-conversation/view-conversation.http.controller';
import { BookingDataErasureConsumer } from './data-protection/booking-data-erasure.consumer';
import { CreatePersonHandler } from './directory/create-person/create-person.handler';
import { CreatePersonHttpController } from './directory/create-person/create-person.http.controller';
import { DemoPeople } from './directory/demo-people';
import { DevIdentityHttpController } from './directory/dev-identity/dev-identity.http.controller';
import { DirectorySignIn } from './directory/identity-provider/directory-sign-in';
import { TenantIdentityHandler } from './directory/identity-provider/tenant-identity.handler';
import { TenantIdentityHttpController } from './directory/identity-provider/tenant-identity.http.controller';
import { TenantIdentityRepository } from './directory/identity-provider/tenant-identity.repository';
import { WhoAmIHttpController } from './directory/who-am-i/who-am-i.http.controller';
import { ImportPeopleHandler } from './directory/import-people/import-people.handler';
import { ImportPeopleHttpController } from './directory/import-people/import-people.http.controller';
import { ListPeopleHttpController } from './directory/list-people/list-people.http.controller';
import { PersonEvents } from './directory/person-events';
import { PersonRepository } from './directory/person.repository';
import { UpdatePersonHandler } from './directory/update-person/update-person.handler';
import { UpdatePersonHttpController } from './directory/update-person/update-person.http.controller';
import { PersonTableDirectory, UserDirectory } from './directory/user-directory';
import { LiveConnections } from './live/live-connections';
import { ScimDirectory } from './scim/scim-directory';
import { ScimDiscoveryHttpController } from './scim/scim-discovery.http.controller';
import { ScimGroupsHttpController } from './scim/scim-groups.http.controller';
import { ScimTokenGuard } from './scim/scim-token.guard';
import { ScimUsersHttpController } from './scim/scim-users.http.controller';
import { ScimTokens } from './scim/tokens/scim-tokens';
import { ScimTokensHttpController } from './scim/tokens/scim-tokens.http.controller';
import { LIVE_FANOUT_OPTIONS, LiveFanout, type LiveFanoutOptions } from './live/live-fanout';
import { LiveStreamHttpController } from './live/live-stream.http.controller';
import { DevMailboxHttpController } from './mail/dev-mailbox/dev-mailbox.http.controller';
import { MailDispatcher } from './mail/mail-dispatcher';
import { mailTransportProvider } from './mail/mail-transport.provider';
import { OutboundMailLog } from './mail/outbound-mail-log';
import { loadMessagingConfig, MessagingConfig } from './messaging.config';
import { messagingDatabase } from './messaging.database';
import { BookingMailConsumer } from './notification/booking-mail/booking-mail.consumer';
import { FairBookingMailConsumer } from './notification/fair-booking/fair-booking-mail.consumer';
import { DeviceNotificationsConsumer } from './notification/device-notifications/device-notifications.consumer';
import { BookingReminderSchedule } from './notification/booking-reminder/booking-reminder-schedule';
import { DueReminders } from './notification/booking-reminder/due-reminders';
import { DueRemindersScheduler } from './notification/booking-reminder/due-reminders.scheduler';
import { NotificationInbox } from './notification/inbox/notification-inbox';
import { NotificationsHttpController } from './notification/inbox/notifications.http.controller';
import { NotificationSettingsHttpController } from './notification/settings/notification-settings.http.controller';
import { SignatureNotificationsConsumer } from './notification/signature-notifications/signature-notifications.consumer';
import { MessageRetention } from './retention/message-retention';
import { MessageRetentionScheduler } from './retention/message-retention.scheduler';
import { MessagingSettings } from './retention/messaging-settings';
import { MessagingSettingsHttpController } from './retention/messaging-settings.http.controller';

/**
 * Messaging: citizens' booking mails (consumer → outbound mail log → dispatcher), staff
 * notifications from other services' events (in-app inbox, opted-in e-mail), conversations and
 * messages, and the real-time stream fed through the bus (LiveFanout). Outside production
 * without SMTP it keeps the development mailbox.
 *
 * Needs, from the process: PlatformModule and EventingModule.forRoot (the event bus); before
 * start `connectMessagingConsumer(app)` — `messagingUnit` does both for `eventDrivenProcess`.
 */
@Module({
  imports: [
    ServiceDatabaseModule.forService(messagingDatabase),
    EventingModule.forService({ service: 'messaging', dataSourceToken: dataSourceToken('messaging') }),
    KnownTenantsModule.forService({
      service: 'messaging',
      transportId: MESSAGING_TRANSPORT,
      dataSourceToken: dataSourceToken('messaging'),
    }),
  ],
  controllers: [
    // Off-boarding: its part of an export (people, conversations, messages, notifications, settings).
    tenantExportPartController({
      service: 'messaging',
      contract: MessagingExportPartDeliveredV1,
      dataSourceToken: dataSourceToken('messaging'),
    }),
    BookingMailConsumer,
    BookingDataErasureConsumer,
    FairBookingMailConsumer,
    SignatureNotificationsConsumer,
    DeviceNotificationsConsumer,
    DevMailboxHttpController,
    NotificationsHttpController,
    NotificationSettingsHttpController,
    MessagingSettingsHttpController,
    ListConversationsHttpController,
    StartConversationHttpController,
    ViewConversationHttpController,
    AddGroupMembersHttpController,
    ListMessagesHttpController,
    PostMessageHttpController,
    DeleteMessageHttpController,
    ReactToMessageHttpController,
    EditMessageHttpController,
    MarkConversationReadHttpController,
    SearchMessagesHttpController,
    WhoAmIHttpController,
    ListPeopleHttpController,
    CreatePersonHttpController,
    ImportPeopleHttpController,
    UpdatePersonHttpController,
    DevIdentityHttpController,
    TenantIdentityHttpController,
    ScimTokensHttpController,
    ScimUsersHttpController,
    ScimGroupsHttpController,
    ScimDiscoveryHttpController,
    LiveStreamHttpController,
  ],
  providers: [
    messagingSealProvider,
    SealedContacts,
    { provide: MessagingConfig, useFactory: () => loadMessagingConfig() },
    { provide: Clock, useClass: SystemClock },
    OutboundMailLog,
    mailTransportProvider,
    MailDispatcher,
    NotificationInbox,
    BookingReminderSchedule,
    DueReminders,
    DueRemindersScheduler,
    MessagingSettings,
    MessageRetention,
    MessageRetentionScheduler,
    ConversationRepository,
    MessageEvents,
    ListConversationsHandler,
    StartConversationHandler,
    ViewConversationHandler,
    AddGroupMembersHandler,
    OpenCaseThreadHandler,
    ListMessagesHandler,
    PostMessageHandler,
    EditMessageHandler,
    DeleteMessageHandler,
    ReactToMessageHandler,
    MarkConversationReadHandler,
    SearchMessagesHandler,
    PersonRepository,
    PersonEvents,
    PersonTableDirectory,
    { provide: UserDirectory, useExisting: PersonTableDirectory },
    CreatePersonHandler,
    UpdatePersonHandler,
    ImportPeopleHandler,
    DemoPeople,
    TenantIdentityRepository,
    TenantIdentityHandler,
    DirectorySignIn,
    ScimTokens,
    ScimTokenGuard,
    ScimDirectory,
    LiveConnections,
    {
      provide: LIVE_FANOUT_OPTIONS,
      inject: [MessagingConfig],
      useFactory: (config: MessagingConfig): LiveFanoutOptions => ({ instanceId: config.MESSAGING_INSTANCE_ID }),
    },
    LiveFanout,
  ],
  exports: [MailDispatcher, LiveFanout],
})
export class MessagingModule {}
