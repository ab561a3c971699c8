import { CreateOutboundMail1795852800000 } from './1795852800000-create-outbound-mail';

export const messagingMigrations = [CreateOutboundMail1795852800000];
