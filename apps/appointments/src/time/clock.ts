import { Injectable } from '@nestjs/common';

/** Port for "now", so that tests can stand on a fixed day. */
export abstract class Clock {
  abstract now(): Date;
}

@Injectable()
export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}
