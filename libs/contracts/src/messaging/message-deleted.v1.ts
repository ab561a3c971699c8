import { MessageEvent } from './message-event';

/** The author deleted a message; a tombstone stays in the history. */
export class MessageDeletedV1 extends MessageEvent {
  static readonly type = 'de.amtsweg.messaging.message.deleted.v1';
  static readonly topic = 'messaging.message';
}
