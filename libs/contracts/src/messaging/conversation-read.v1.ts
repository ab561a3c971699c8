import { IsNotEmpty, IsString, IsUUID, Matches, MaxLength } from 'class-validator';

/** A member marked a conversation read up to a message: their unread count changed (all their devices). */
export class ConversationReadV1 {
  static readonly type = 'de.amtsweg.messaging.conversation.read.v1';
  static readonly topic = 'messaging.conversation';
  @IsString() @Matches(/^[a-z0-9-]{2,63}$/) tenant: string;
  @IsUUID() conversationId: string;
  @IsString() @IsNotEmpty() @MaxLength(255) userId: string;
}
