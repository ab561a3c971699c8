/** The time, behind a port: the scheduler, TOTP and the tests that move time all read it here. */
export abstract class Clock {
  abstract now(): Date;
}

export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}
