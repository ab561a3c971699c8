import { Module } from '@nestjs/common';
import { EventingModule } from '@amtsweg/eventing';
import { SealedContacts } from './notification/sealed-contacts';
import { dataSourceToken, messagingSealProvider, ServiceDatabaseModule } from '@amtsweg/platform';
import { Clock, SystemClock } from './clock';
import { Conversations } from './conversation/conversations';
import { ConversationsHttpController } from './conversation/conversations.http.controller';
import { BookingDataErasureConsumer } from './data-protection/booking-data-erasure.consumer';
import { PeopleHttpController } from './directory/people.http.controller';
import { DemoUserDirectory, UserDirectory } from './directory/user-directory';
import { LiveConnections } from './live/live-connections';
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
  ],
  controllers: [
    BookingMailConsumer,
    BookingDataErasureConsumer,
    FairBookingMailConsumer,
    SignatureNotificationsConsumer,
    DeviceNotificationsConsumer,
    DevMailboxHttpController,
    NotificationsHttpController,
    NotificationSettingsHttpController,
    MessagingSettingsHttpController,
    ConversationsHttpController,
    PeopleHttpController,
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
    Conversations,
    { provide: UserDirectory, useClass: DemoUserDirectory },
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
