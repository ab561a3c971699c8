import { PageQuery } from '@amtsweg/platform';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Validate, type ValidatorConstraintInterface, ValidatorConstraint } from 'class-validator';
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

/** A day of one office is short enough to come whole by default. */
export class ListDayBookingsRequest extends PageQuery({ default: 200, max: 200 }) {
  @ApiPropertyOptional({ example: '2026-12-01', description: "Local date in the office's time zone; default today there." })
  @IsOptional()
  @Validate(IsCalendarDate)
  date?: string;
}
