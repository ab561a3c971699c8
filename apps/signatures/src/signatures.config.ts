import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { ConfigurationError, integerSetting, loadConfig, optionalSetting, Settings, type PlatformConfig } from '@amtsweg/platform';

/**
 * The signatures service's own settings, validated like the platform's (one line per bad variable).
 * NODE_ENV and DATA_DIR are the platform's (PlatformConfig), read once there.
 */
@Settings('signatures')
export class SignaturesConfig {
  /**
   * Encrypts the tenant CAs' and signers' private keys and the TOTP secrets at rest (AES-256-GCM):
   * 32 random bytes, base64 (`openssl rand -base64 32`). Required in production; in development a
   * key is generated under DATA_DIR/signatures with a warning.
   */
  @optionalSetting()
  @IsOptional()
  @Matches(/^[A-Za-z0-9+/]{43}=$/, { message: 'must be 32 bytes, base64 (openssl rand -base64 32)' })
  SIGNATURES_KEY_ENCRYPTION_KEY?: string = undefined;

  /** Signers of the current step are reminded this many hours before the due date (0: no reminder). */
  @integerSetting(24) @IsInt() @Min(0) @Max(24 * 30) SIGNATURES_REMINDER_HOURS_BEFORE_DUE = 24;

  /** How often the scheduler looks for requests to remind or expire. */
  @integerSetting(30_000) @IsInt() @Min(100) @Max(3_600_000) SIGNATURES_SCHEDULER_INTERVAL_MS = 30_000;

  /**
   * Worker threads that read, prepare, sign and verify PDFs, so that a large document never holds
   * the event loop (every request and /health/live would wait). Each may take a few hundred MB
   * while it reads a 20 MB document. Two suit a 2-core pod: the event loop needs little CPU.
   */
  @integerSetting(2) @IsInt() @Min(1) @Max(64) SIGNATURES_PDF_WORKERS = 2;

  /** PDF jobs that may wait for a worker; beyond them a request is answered 503 SERVICE.BUSY with Retry-After. */
  @integerSetting(8) @IsInt() @Min(0) @Max(1000) SIGNATURES_PDF_QUEUE_MAX = 8;

  /**
   * Verifications one client address may ask for per minute without signing in (anyone may check a
   * document they received); staff with a token of the tenant are not counted.
   */
  @integerSetting(10) @IsInt() @Min(1) @Max(10_000) SIGNATURES_PUBLIC_VERIFY_PER_MINUTE = 10;
}

/** `platform`: whether this is production, where the key encryption key is required. */
export function loadSignaturesConfig(platform: Pick<PlatformConfig, 'production'>, env: NodeJS.ProcessEnv = process.env): SignaturesConfig {
  const config = loadConfig(env, SignaturesConfig);
  if (platform.production && !config.SIGNATURES_KEY_ENCRYPTION_KEY) {
    throw new ConfigurationError(
      'invalid configuration:\n  SIGNATURES_KEY_ENCRYPTION_KEY: required when NODE_ENV=production (signing keys must not be encrypted with a key on the same disk)',
    );
  }
  return config;
}
