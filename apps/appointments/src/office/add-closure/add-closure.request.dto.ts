import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsISO8601, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export class AddClosureRequest {
  @ApiProperty({ example: '2026-12-24', description: 'First closed day (local date)' })
  @Matches(ISO_DATE, { message: 'firstDay must be a date YYYY-MM-DD' })
  @IsISO8601({ strict: true })
  firstDay: string;

  @ApiProperty({ example: '2026-12-31', description: 'Last closed day, included' })
  @Matches(ISO_DATE, { message: 'lastDay must be a date YYYY-MM-DD' })
  @IsISO8601({ strict: true })
  lastDay: string;

  @ApiProperty({ example: 'Betriebsausflug' }) @IsString() @MinLength(1) @MaxLength(200) reason: string;

  @ApiPropertyOptional({ description: 'Cancel the bookings on these days (each citizen is mailed); without it such a closure is 409' })
  @IsOptional()
  @IsBoolean()
  cancelAffected?: boolean;
}
