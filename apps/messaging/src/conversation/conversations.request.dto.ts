import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  ValidateIf,
} from 'class-validator';
import { MAX_MESSAGE_CHARS } from './conversation';
import { LimitQuery } from '../http/page-query';

export class StartConversationRequest {
  @ApiProperty({ enum: ['direct', 'group'], description: 'Case threads are opened by their case (e.g. a signature request), not here.' })
  @IsIn(['direct', 'group'])
  kind: 'direct' | 'group';

  @ApiPropertyOptional({ description: 'direct: the other person (user id of the same municipality)' })
  @ValidateIf((r: StartConversationRequest) => r.kind === 'direct')
  @IsString()
  @IsNotEmpty()
  @MaxLength(255)
  memberId?: string;

  @ApiPropertyOptional({ description: 'group: its name', maxLength: 200 })
  @ValidateIf((r: StartConversationRequest) => r.kind === 'group')
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({
    type: [String],
    description: 'group: the other members (user ids of the same municipality); the creator is always a member',
  })
  @ValidateIf((r: StartConversationRequest) => r.kind === 'group')
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(255, { each: true })
  memberIds?: string[];
}

export class AddMembersRequest {
  @ApiProperty({ type: [String] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(255, { each: true })
  userIds: string[];
}

export class MessageRequest {
  @ApiProperty({ maxLength: MAX_MESSAGE_CHARS, description: 'Plain text, 1 to 10,000 characters' })
  @IsString()
  body: string;
}

export class MarkReadRequest {
  @ApiProperty({ format: 'uuid', description: 'The last message the caller has seen' })
  @IsUUID()
  messageId: string;
}

/** A conversation's history, paged backwards in time. */
export class HistoryQuery extends LimitQuery {
  @ApiPropertyOptional({ description: "Older than this: the previous page's nextCursor" })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  before?: string;
}

export class SearchQuery extends HistoryQuery {
  @ApiProperty({
    description: 'Words to find (German stemming: "Unterschrift" finds "Unterschriften"); quotes, OR and -word as in web search',
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  q: string;
}
