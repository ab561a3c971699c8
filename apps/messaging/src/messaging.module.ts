import { Module } from '@nestjs/common';
import { ServiceDatabaseModule } from '@amtsweg/platform';
import { DevMailboxHttpController } from './mail/dev-mailbox/dev-mailbox.http.controller';
import { MailDispatcher } from './mail/mail-dispatcher';
import { mailTransportProvider } from './mail/mail-transport.provider';
import { OutboundMailLog } from './mail/outbound-mail-log';
import { messagingDatabase } from './messaging.database';
import { BookingMailConsumer } from './notification/booking-mail/booking-mail.consumer';

/**
 * Messaging: mails citizens about their bookings (consumer → outbound mail log → dispatcher) and,
 * outside production without SMTP, keeps the development mailbox. The dispatcher starts with the
 * application (onApplicationBootstrap) and stops before the database closes.
 */
@Module({
  imports: [ServiceDatabaseModule.forService(messagingDatabase)],
  controllers: [BookingMailConsumer, DevMailboxHttpController],
  providers: [OutboundMailLog, mailTransportProvider, MailDispatcher],
  exports: [MailDispatcher],
})
export class MessagingModule {}
