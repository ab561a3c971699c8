import { ArrayMaxSize, ArrayMinSize, IsArray, IsNotEmpty, IsString, IsUUID, Matches, MaxLength } from 'class-validator';

/**
 * What every event about one message carries: ids only — never the body. Each messaging instance
 * reads the body from its own database when it pushes the event to its connected clients.
 */
export abstract class MessageEvent {
  @IsString() @Matches(/^[a-z0-9-]{2,63}$/) tenant: string;
  @IsUUID() conversationId: string;
  @IsUUID() messageId: string;
  @IsString() @IsNotEmpty() @MaxLength(255) authorId: string;
  /** The conversation's members when the event happened: whom to push it to. */
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(1000)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(255, { each: true })
  memberIds: string[];
}
