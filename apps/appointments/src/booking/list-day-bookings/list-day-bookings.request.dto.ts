import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsInt,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  Validate,
  type ValidatorConstraintInterface,
  ValidatorConstraint,
} from 'class-validator';
import { parseIsoDate } from '../../time/wall-clock';

@ValidatorConstraint({ name: 'isCalendarDate' })
class IsCalendarDate implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return typeof value === 'string' && parseIsoDate(value) !== undefined;
  }
  defaultMessage(): string {
    return 'date must be a calendar date YYYY-MM-DD';
  }
}

export class ListDayBookingsRequest {
  @ApiPropertyOptional({ example: '2026-12-01', description: "Local date in the office's time zone; default today there." })
  @IsOptional()
  @Validate(IsCalendarDate)
  date?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 200 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;

  @ApiPropertyOptional({ description: 'The `nextCursor` of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  cursor?: string;
}
