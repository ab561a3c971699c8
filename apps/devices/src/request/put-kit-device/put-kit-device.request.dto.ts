import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';

export class PutKitDeviceBody {
  @ApiPropertyOptional({
    format: 'uuid',
    description:
      'The kit’s device this one replaces (a swap): it goes back to stock. Absent: the device fills a place the kit misses (after a drop).',
  })
  @IsOptional()
  @IsUUID()
  replaces?: string;

  @ApiPropertyOptional({ example: 'Display gesprungen', maxLength: 500, description: 'Why: kept in both devices’ history' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  reason?: string;
}
