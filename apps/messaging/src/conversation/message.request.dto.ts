import { ApiProperty } from '@nestjs/swagger';
import { IsString } from 'class-validator';
import { MAX_MESSAGE_CHARS } from './conversation';

/** A message's text, to post or as edited. Length and blankness are the domain's rule (assertMessageBody). */
export class MessageRequest {
  @ApiProperty({ maxLength: MAX_MESSAGE_CHARS, description: 'Plain text, 1 to 10,000 characters' })
  @IsString()
  body: string;
}
