import { IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { integerSetting, loadConfig, optionalSetting, Settings } from '@amtsweg/platform';

/** The messaging service's own settings, validated like the platform's (one line per bad variable). */
@Settings('messaging')
export class MessagingConfig {
  /** A citizen is reminded of the appointment this many hours before it starts. */
  @integerSetting(24) @IsInt() @Min(1) @Max(24 * 14) BOOKING_REMINDER_LEAD_HOURS = 24;

  /** How often due reminders are claimed and handed to the mail log. */
  @integerSetting(60_000) @IsInt() @Min(100) @Max(3_600_000) BOOKING_REMINDER_INTERVAL_MS = 60_000;

  /** How long conversation messages are kept where a tenant-admin has not set a period of their own. */
  @integerSetting(365) @IsInt() @Min(1) @Max(3650) MESSAGE_RETENTION_DEFAULT_DAYS = 365;

  /** How often messages past their tenant's retention period are deleted. */
  @integerSetting(3_600_000) @IsInt() @Min(100) @Max(86_400_000) MESSAGE_RETENTION_INTERVAL_MS = 3_600_000;

  /** Names this instance's live-update consumer group (set it to the pod name); unset, every start takes a fresh one. */
  @optionalSetting() @IsOptional() @IsString() MESSAGING_INSTANCE_ID?: string = undefined;
}

export function loadMessagingConfig(env: NodeJS.ProcessEnv = process.env): MessagingConfig {
  return loadConfig(env, MessagingConfig);
}
