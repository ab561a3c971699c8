import { IsInt, IsOptional, IsString, Max, Min, MinLength } from 'class-validator';
import { integerSetting, loadConfig, optionalSetting, Settings } from '@amtsweg/platform';

/** The appointments service's own settings, validated like the platform's (one line per bad variable). */
@Settings('appointments')
export class AppointmentsConfig {
  /** How often lapsed holds are released and the waiting list is offered free slots; 0 turns the rounds off (tests drive them). */
  @integerSetting(10_000) @IsInt() @Min(0) @Max(3_600_000) APPOINTMENTS_SCHEDULER_INTERVAL_MS = 10_000;

  /**
   * Citizens' names and addresses are erased this many days after the appointment (or after a
   * waiting-list entry or draw request ended); messaging erases its copies on the event.
   */
  @integerSetting(30) @IsInt() @Min(1) @Max(3650) CITIZEN_DATA_RETENTION_DAYS = 30;

  /** Admin audit entries (who changed what, with before/after, names and e-mail addresses of people) are deleted after this many days. */
  @integerSetting(730) @IsInt() @Min(1) @Max(3650) ADMIN_AUDIT_RETENTION_DAYS = 730;

  /**
   * Off-boarding: a municipality can be deleted only after it has been suspended this many days (and
   * exported since the suspension began) — time for second thoughts before every service erases it.
   */
  @integerSetting(30) @IsInt() @Min(1) @Max(3650) TENANT_DELETION_AFTER_SUSPENSION_DAYS = 30;

  /**
   * Signs the proof-of-work challenges (HMAC-SHA-256), at least 32 characters. Unset, each process
   * makes one at start: fine for one instance; several instances behind one address need the same key.
   */
  @optionalSetting()
  @IsOptional()
  @IsString()
  @MinLength(32)
  APPOINTMENTS_CHALLENGE_KEY?: string = undefined;
}

export function loadAppointmentsConfig(env: NodeJS.ProcessEnv = process.env): AppointmentsConfig {
  return loadConfig(env, AppointmentsConfig);
}
