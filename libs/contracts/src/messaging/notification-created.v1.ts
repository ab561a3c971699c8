import { IsNotEmpty, IsString, IsUUID, Matches, MaxLength } from 'class-validator';

/** An in-app notification was added to a user's inbox. Ids only: title and body stay in messaging's database. */
export class NotificationCreatedV1 {
  static readonly type = 'de.amtsweg.messaging.notification.created.v1';
  static readonly topic = 'messaging.notification';
  @IsString() @Matches(/^[a-z0-9-]{2,63}$/) tenant: string;
  @IsUUID() notificationId: string;
  @IsString() @IsNotEmpty() @MaxLength(255) recipientId: string;
}
