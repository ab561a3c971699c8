import { ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsOptional, IsUUID } from 'class-validator';

export class ApproveRequestBody {
  @ApiPropertyOptional({
    type: [String],
    description: 'In-stock devices to assign, exactly as many of each type as asked; absent: the system picks',
  })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  deviceIds?: string[];
}
