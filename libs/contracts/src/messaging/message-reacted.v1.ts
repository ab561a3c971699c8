import { MessageEvent } from './message-event';

/** Someone gave or took back a reaction to a message (`authorId`: the message's author; who reacted is not carried). */
export class MessageReactedV1 extends MessageEvent {
  static readonly type = 'de.amtsweg.messaging.message.reacted.v1';
  static readonly topic = 'messaging.message';
}
