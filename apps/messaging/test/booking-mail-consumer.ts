import { DEVELOPMENT_SEAL_KEY, loadConfig, MessagingSeal, SystemClock } from '@amtsweg/platform';
import { OutboundMailLog } from '../src/mail/outbound-mail-log';
import { MessagingConfig } from '../src/messaging.config';
import { BookingMailConsumer } from '../src/notification/booking-mail/booking-mail.consumer';
import { BookingReminderSchedule } from '../src/notification/booking-reminder/booking-reminder-schedule';
import { SealedContacts } from '../src/notification/sealed-contacts';

/** The booking mail consumer as the module wires it outside production: default settings, the development seal key. */
export function bookingMailConsumer(): BookingMailConsumer {
  return new BookingMailConsumer(
    new OutboundMailLog(),
    new BookingReminderSchedule(new MessagingConfig(), new SystemClock()),
    loadConfig({ NODE_ENV: 'test' }),
    new SealedContacts(new MessagingSeal([DEVELOPMENT_SEAL_KEY])),
  );
}
