import { ApiProperty } from '@nestjs/swagger';
import { PageResponse, type Page } from '@amtsweg/platform';
import { CASE_KINDS, REACTIONS } from './conversation';

class CaseRef {
  @ApiProperty({ enum: CASE_KINDS }) kind: string;
  @ApiProperty({ format: 'uuid' }) id: string;
}

export class ConversationResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ['direct', 'group', 'case'] }) kind: string;
  @ApiProperty({ type: String, nullable: true }) name: string | null;
  @ApiProperty({ type: CaseRef, nullable: true }) case: CaseRef | null;
  @ApiProperty() createdBy: string;
  @ApiProperty({ type: [String] }) memberIds: string[];
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) lastActivityAt: string;
  @ApiProperty({ description: "Others' messages after the caller's read mark" }) unreadCount: number;
}

export class ConversationPage extends PageResponse(ConversationResponse) {}

class ReactionCountResponse {
  @ApiProperty({ enum: REACTIONS }) name: string;
  @ApiProperty() count: number;
  @ApiProperty({ description: 'Whether the caller gave this reaction' }) mine: boolean;
}

export class MessageResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) conversationId: string;
  @ApiProperty() authorId: string;
  @ApiProperty({ type: String, nullable: true, description: 'null once deleted (tombstone)' }) body: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) editedAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) deletedAt: string | null;
  @ApiProperty({ type: [ReactionCountResponse], description: 'Reactions given (none: empty), in the fixed order of the set' })
  reactions: ReactionCountResponse[];
}

/** Not `PageResponse`: the history continues as `before`, not `cursor`. */
export class MessagePage implements Page<MessageResponse> {
  @ApiProperty({ type: [MessageResponse] }) items: MessageResponse[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as `before` for older messages' }) nextCursor: string | null;
}
