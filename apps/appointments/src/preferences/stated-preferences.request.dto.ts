import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsDefined, IsIn, IsInt, IsUUID, Matches, ValidateNested } from 'class-validator';
import { CitizenRequest } from '../booking/book-slot/book-slot.request.dto';
import { parseClockTime } from '../office/opening-hours';
import type { Weekday } from '../time/wall-clock';
import type { StatedPreferences } from './stated-preferences';

const CLOCK_TIME = /^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/;

/** Who asks, and what suits them: for the waiting list and for a release draw. */
export class StatedPreferencesRequest {
  @ApiProperty({ type: [String], format: 'uuid', description: 'Offices the citizen can reach, in order of preference (1–10)' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @ArrayUnique()
  @IsUUID(undefined, { each: true })
  officeIds: string[];

  @ApiProperty({ type: [Number], example: [1, 3, 5], description: 'ISO weekdays that suit, 1 = Monday … 7 = Sunday' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(7)
  @ArrayUnique()
  @IsInt({ each: true })
  @IsIn([1, 2, 3, 4, 5, 6, 7], { each: true })
  weekdays: number[];

  @ApiProperty({ example: '08:00', description: 'Local time the appointment may start at the earliest' })
  @Matches(CLOCK_TIME, { message: 'earliest must be a time of day HH:MM' })
  earliest: string;

  @ApiProperty({ example: '12:00', description: 'Local time the appointment must end by' })
  @Matches(CLOCK_TIME, { message: 'latest must be a time of day HH:MM' })
  latest: string;

  @ApiProperty({ type: CitizenRequest })
  @IsDefined()
  @ValidateNested()
  @Type(() => CitizenRequest)
  citizen: CitizenRequest;
}

export function statedPreferences(body: StatedPreferencesRequest): StatedPreferences {
  return {
    officeIds: body.officeIds.map((id) => id.toLowerCase()),
    weekdays: body.weekdays as Weekday[],
    earliestMinute: parseClockTime(body.earliest),
    latestMinute: parseClockTime(body.latest),
  };
}
