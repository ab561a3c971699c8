import { MessageEvent } from './message-event';

/** A member posted a message in a conversation. */
export class MessagePostedV1 extends MessageEvent {
  static readonly type = 'de.amtsweg.messaging.message.posted.v1';
  static readonly topic = 'messaging.message';
}
