import { MessageEvent } from './message-event';

/** The author changed a message's text (within the edit window). */
export class MessageEditedV1 extends MessageEvent {
  static readonly type = 'de.amtsweg.messaging.message.edited.v1';
  static readonly topic = 'messaging.message';
}
