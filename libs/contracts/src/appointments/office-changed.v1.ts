import 'reflect-metadata';
import { Type } from 'class-transformer';
import { IsArray, IsInt, IsISO8601, IsString, IsUUID, Matches, Max, Min, ValidateIf, ValidateNested } from 'class-validator';

/** An integer, or null (the setting is off). */
const IntegerOrOff = (): PropertyDecorator => (target, key) => {
  ValidateIf((event: Record<string | symbol, unknown>) => event[key] !== null)(target, key);
  IsInt()(target, key);
};

const CLOCK_TIME = /^([01]\d|2[0-4]):[0-5]\d$/;

export class OfficeOpeningIntervalV1 {
  @IsInt() @Min(1) @Max(7) weekday: number;
  @IsString() @Matches(CLOCK_TIME) opens: string;
  @IsString() @Matches(CLOCK_TIME) closes: string;
}

/**
 * An office as citizens see it, after the change. No personal data: the office's phone and e-mail
 * address stay out (a small office's address may be a person's), and bookings are only counted.
 */
abstract class OfficeFacts {
  @IsUUID() officeId: string;
  @IsString() name: string;
  @IsString() street: string;
  @IsString() @Matches(/^\d{5}$/) postalCode: string;
  @IsString() city: string;
  @IsString() timeZone: string;
  @IsInt() @Min(5) slotGridMinutes: number;
  @IsInt() @Min(0) counters: number;
  @IsArray() @ValidateNested({ each: true }) @Type(() => OfficeOpeningIntervalV1) openingHours: OfficeOpeningIntervalV1[];
  /** Bookings the change cancelled (`cancelAffected`); each has its own booking.cancelled event. */
  @IsInt() @Min(0) cancelledBookings: number;
}

export class OfficeCreatedV1 extends OfficeFacts {
  static readonly type = 'de.amtsweg.appointments.office.created.v1';
  static readonly topic = 'appointments.office';
}

export class OfficeUpdatedV1 extends OfficeFacts {
  static readonly type = 'de.amtsweg.appointments.office.updated.v1';
  static readonly topic = 'appointments.office';
}

/** The office takes no more bookings; its past bookings keep naming it. */
export class OfficeDeletedV1 {
  static readonly type = 'de.amtsweg.appointments.office.deleted.v1';
  static readonly topic = 'appointments.office';
  @IsUUID() officeId: string;
  @IsInt() @Min(0) cancelledBookings: number;
}

/** Days the office is closed, both included. The reason stays out: free text may name a person. */
export class OfficeClosureAddedV1 {
  static readonly type = 'de.amtsweg.appointments.office.closure-added.v1';
  static readonly topic = 'appointments.office';
  @IsUUID() officeId: string;
  @IsUUID() closureId: string;
  @IsISO8601({ strict: true }) firstDay: string;
  @IsISO8601({ strict: true }) lastDay: string;
  @IsInt() @Min(0) cancelledBookings: number;
}

/** What a service is and where it is offered, after the change. */
abstract class ServiceFacts {
  @IsUUID() serviceId: string;
  @IsString() name: string;
  @IsInt() @Min(5) durationMinutes: number;
  @IsArray() @IsUUID(undefined, { each: true }) officeIds: string[];
  @IsInt() @Min(0) cancelledBookings: number;
}

export class ServiceCreatedV1 extends ServiceFacts {
  static readonly type = 'de.amtsweg.appointments.service.created.v1';
  static readonly topic = 'appointments.service';
}

export class ServiceUpdatedV1 extends ServiceFacts {
  static readonly type = 'de.amtsweg.appointments.service.updated.v1';
  static readonly topic = 'appointments.service';
}

export class ServiceDeletedV1 {
  static readonly type = 'de.amtsweg.appointments.service.deleted.v1';
  static readonly topic = 'appointments.service';
  @IsUUID() serviceId: string;
  @IsInt() @Min(0) cancelledBookings: number;
}

/** A tenant admin changed the municipality's booking rules; null = off. */
export class BookingSettingsUpdatedV1 {
  static readonly type = 'de.amtsweg.appointments.booking-settings.updated.v1';
  static readonly topic = 'appointments.tenant';
  @IsInt() bookingWindowDays: number;
  @IsInt() leadTimeMinutes: number;
  @IntegerOrOff() maxActiveBookingsPerEmail: number | null;
  @IntegerOrOff() holdMinutes: number | null;
  @IsInt() waitingOfferMinutes: number;
  @IntegerOrOff() requestsPerMinutePerAddress: number | null;
  @IntegerOrOff() proofOfWorkMaxNumber: number | null;
  @IsInt() reopenDelayMinutes: number;
}
