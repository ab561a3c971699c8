import { knownTenantsMigrations } from '@amtsweg/eventing';
import { CreateOutboundMail1795852800000 } from './1795852800000-create-outbound-mail';
import { CreateNotifications1796400000000 } from './1796400000000-create-notifications';
import { CreateConversations1796400001000 } from './1796400001000-create-conversations';
import { CreateBookingReminders1796500000000 } from './1796500000000-create-booking-reminders';
import { CreateMessagingSettings1796500001000 } from './1796500001000-create-messaging-settings';
import { MailBookingLink1796500002000 } from './1796500002000-mail-booking-link';
import { CreatePeople1797200000000 } from './1797200000000-create-people';
import { CreateScimTokens1797300000000 } from './1797300000000-create-scim-tokens';
import { CreateTenantIdentity1796730000000 } from './1796730000000-create-tenant-identity';
import { CreateMessageReactions1796770000000 } from './1796770000000-create-message-reactions';

export const messagingMigrations = [
  CreateOutboundMail1795852800000,
  CreateNotifications1796400000000,
  CreateConversations1796400001000,
  CreateBookingReminders1796500000000,
  CreateMessagingSettings1796500001000,
  MailBookingLink1796500002000,
  CreatePeople1797200000000,
  ...knownTenantsMigrations('messaging'),
  CreateScimTokens1797300000000,
  CreateTenantIdentity1796730000000,
  CreateMessageReactions1796770000000,
];
