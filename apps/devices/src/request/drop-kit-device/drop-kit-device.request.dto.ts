import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';

export class DropKitDeviceQuery {
  @ApiPropertyOptional({ example: 'Tastatur fehlt', maxLength: 500, description: 'Why: kept in the device’s history' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  reason?: string;
}
