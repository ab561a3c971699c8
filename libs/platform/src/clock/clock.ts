import { Injectable } from '@nestjs/common';

/**
 * "Now", behind a port: every service reads the time here, so that a test can stand on a fixed day
 * or move time (`TestClock` in `@amtsweg/platform/testing`). The class is also the injection token.
 */
export abstract class Clock {
  abstract now(): Date;
}

@Injectable()
export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}
