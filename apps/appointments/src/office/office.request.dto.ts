import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsDefined,
  IsEmail,
  IsInt,
  IsOptional,
  IsString,
  IsTimeZone,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateBy,
  ValidateNested,
  type ValidationOptions,
} from 'class-validator';
import { InvalidOpeningHoursError, parseClockTime, WeeklyOpeningHours } from './opening-hours';
import type { Weekday } from '../time/wall-clock';

const CLOCK_TIME = /^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/;

export class AddressRequest {
  @ApiProperty({ example: 'Marktplatz 1' }) @IsString() @MinLength(1) @MaxLength(200) street: string;
  @ApiProperty({ example: '12345', description: 'Five digits' })
  @IsString()
  @Matches(/^\d{5}$/, { message: 'postalCode must be five digits' })
  postalCode: string;
  @ApiProperty({ example: 'Demostadt' }) @IsString() @MinLength(1) @MaxLength(200) city: string;
}

export class OpeningIntervalRequest {
  @ApiProperty({ minimum: 1, maximum: 7, description: 'ISO weekday, 1 = Monday' }) @IsInt() @Min(1) @Max(7) weekday: number;
  @ApiProperty({ example: '08:00' }) @Matches(CLOCK_TIME, { message: 'opens must be a time of day HH:MM' }) opens: string;
  @ApiProperty({ example: '12:00', description: 'After opens; 24:00 for midnight' })
  @Matches(CLOCK_TIME, { message: 'closes must be a time of day HH:MM' })
  closes: string;
}

/** Each interval opens before it closes, and no two of one weekday overlap (touching is fine). */
function OpeningHoursFitTogether(options?: ValidationOptions): PropertyDecorator {
  let problem = '';
  return ValidateBy(
    {
      name: 'openingHoursFitTogether',
      validator: {
        validate: (value: unknown) => {
          // Malformed entries have their own messages from the nested validation.
          if (!Array.isArray(value) || !value.every(isWellFormedInterval)) return true;
          try {
            openingHoursOf(value);
            return true;
          } catch (error) {
            if (!(error instanceof InvalidOpeningHoursError)) throw error;
            problem = error.message;
            return false;
          }
        },
        defaultMessage: () => `openingHours: ${problem}`,
      },
    },
    options,
  );
}

function isWellFormedInterval(value: unknown): value is OpeningIntervalRequest {
  if (typeof value !== 'object' || value === null) return false;
  const { weekday, opens, closes } = value as Record<string, unknown>;
  return (
    Number.isInteger(weekday) &&
    typeof opens === 'string' &&
    CLOCK_TIME.test(opens) &&
    typeof closes === 'string' &&
    CLOCK_TIME.test(closes)
  );
}

/** The week the intervals make; throws InvalidOpeningHoursError when they do not fit together. */
export function openingHoursOf(intervals: readonly OpeningIntervalRequest[]): WeeklyOpeningHours {
  return WeeklyOpeningHours.of(
    intervals.map((i) => ({ weekday: i.weekday as Weekday, opens: parseClockTime(i.opens), closes: parseClockTime(i.closes) })),
  );
}

export class OfficeRequest {
  @ApiProperty({ example: 'Bürgerbüro Mitte' }) @IsString() @MinLength(1) @MaxLength(200) name: string;

  @ApiProperty({ type: AddressRequest }) @IsDefined() @ValidateNested() @Type(() => AddressRequest) address: AddressRequest;

  @ApiPropertyOptional({ example: 'Europe/Berlin', description: 'IANA time zone; default Europe/Berlin' })
  @IsOptional()
  @IsTimeZone()
  timeZone?: string;

  @ApiProperty({ example: 15, minimum: 5, maximum: 240, description: 'Slots start every this many minutes from each opening' })
  @IsInt()
  @Min(5)
  @Max(240)
  slotGridMinutes: number;

  @ApiProperty({ example: 2, minimum: 1, maximum: 100, description: 'Parallel desks, shared by the services offered here' })
  @IsInt()
  @Min(1)
  @Max(100)
  counters: number;

  @ApiProperty({ type: [OpeningIntervalRequest], description: 'The whole week; several intervals a day, none overlapping' })
  @IsArray()
  @ArrayMaxSize(70)
  @ValidateNested({ each: true })
  @Type(() => OpeningIntervalRequest)
  @OpeningHoursFitTogether()
  openingHours: OpeningIntervalRequest[];

  @ApiPropertyOptional({ example: '+49 2345 67-0' })
  @IsOptional()
  @IsString()
  @Matches(/^\+?[0-9 ()/-]{3,40}$/, { message: 'phone must be a phone number' })
  phone?: string;

  @ApiPropertyOptional({ example: 'buergerbuero@demo.example' }) @IsOptional() @IsEmail() @MaxLength(200) email?: string;

  @ApiPropertyOptional({ example: 'Stufenloser Zugang über den Hof, Aufzug' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  accessibility?: string;

  @ApiPropertyOptional({ example: 'Bus 5 bis Marktplatz' }) @IsOptional() @IsString() @MaxLength(1000) directions?: string;
}

/** Only the fields to change; `openingHours` replaces the whole week. */
export class UpdateOfficeRequest extends PartialType(OfficeRequest) {
  @ApiPropertyOptional({ description: 'Cancel the bookings that no longer fit (each citizen is mailed); without it such a change is 409' })
  @IsOptional()
  @IsBoolean()
  cancelAffected?: boolean;
}
