import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsString, MaxLength, ValidateIf } from 'class-validator';
import { UserIdList } from '../user-id-list';

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
  @UserIdList()
  memberIds?: string[];
}
