import { IsIn, IsISO8601, IsString, IsUUID, Matches } from 'class-validator';

/** The clerk's record of what happened at the counter. No personal data: nobody is mailed. */
abstract class BookingAttendance {
  @IsUUID() bookingId: string;
  @IsString() @Matches(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/) reference: string;
  @IsUUID() officeId: string;
  @IsISO8601({ strict: true }) at: string;
}

export class BookingArrivedV1 extends BookingAttendance {
  static readonly type = 'de.amtsweg.appointments.booking.arrived.v1';
  static readonly topic = 'appointments.booking';
}

export class BookingDoneV1 extends BookingAttendance {
  static readonly type = 'de.amtsweg.appointments.booking.done.v1';
  static readonly topic = 'appointments.booking';
}

export class BookingNoShowV1 extends BookingAttendance {
  static readonly type = 'de.amtsweg.appointments.booking.no-show.v1';
  static readonly topic = 'appointments.booking';
}

/** A clerk took back a mark made by mistake (on the booking's day): the booking is confirmed again. */
export class BookingAttendanceUndoneV1 extends BookingAttendance {
  static readonly type = 'de.amtsweg.appointments.booking.attendance-undone.v1';
  static readonly topic = 'appointments.booking';
  @IsIn(['arrived', 'done', 'no_show']) undone: 'arrived' | 'done' | 'no_show';
}
