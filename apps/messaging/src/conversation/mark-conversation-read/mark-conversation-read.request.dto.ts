import { ApiProperty } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';

export class MarkReadRequest {
  @ApiProperty({ format: 'uuid', description: 'The last message the caller has seen' })
  @IsUUID()
  messageId: string;
}
