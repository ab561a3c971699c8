import { plainToInstance, Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUrl, Matches, Max, Min, validateSync } from 'class-validator';
import { parseSealKeys } from '../sealing/messaging-seal';
import { Settings, settingsScopeOf, type SettingsClass } from './settings-registry';
import { integerSetting, optionalSetting, textSetting } from './setting-transforms';

const TRUSTED_ADDRESS = String.raw`(loopback|linklocal|uniquelocal|[0-9a-fA-F.:]+(\/\d{1,3})?)`;
const TRUST_PROXY_SETTING = new RegExp(String.raw`^(\d{1,2}|${TRUSTED_ADDRESS}(\s*,\s*${TRUSTED_ADDRESS})*)$`);

/**
 * Every setting shared by all services, read from the environment once at start and validated:
 * a bad value stops the start with one line naming the variable (docs/configuration.md).
 */
@Settings('every service')
export class PlatformConfig {
  @IsIn(['development', 'production', 'test']) NODE_ENV: 'development' | 'production' | 'test' = 'development';

  @integerSetting(3000)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  /** The interface the HTTP server binds to. */
  @textSetting('0.0.0.0')
  @IsString()
  HOST = '0.0.0.0';

  @IsString() DATA_DIR = './data';

  /** Where citizens and staff reach the system; links in mails start with it. Default http://localhost:PORT. */
  @optionalSetting() @IsOptional() @IsUrl({ require_tld: false, protocols: ['http', 'https'] }) PUBLIC_URL?: string = undefined;

  /** A PostgreSQL server; unset = the embedded PGlite under DATA_DIR. */
  @optionalSetting() @IsOptional() @Matches(/^postgres(ql)?:\/\//, { message: 'must be a postgres:// URL' }) DATABASE_URL?: string =
    undefined;

  /** Comma-separated host:port list; unset = the in-process event bus. */
  @optionalSetting()
  @IsOptional()
  @Matches(/^[^,\s]+:\d+(,[^,\s]+:\d+)*$/, { message: 'must be host:port[,host:port…]' })
  KAFKA_BROKERS?: string = undefined;

  @IsString() @Matches(/^[a-zA-Z0-9._-]*$/) KAFKA_TOPIC_PREFIX = '';

  /** 1: the embedded database and bus are meant even in production (a demo); otherwise production refuses them. */
  @IsIn(['0', '1']) AMTSWEG_EMBEDDED: '0' | '1' = '0';

  @optionalSetting() @IsOptional() @IsUrl({ require_tld: false, protocols: ['http', 'https'] }) OIDC_ISSUER?: string = undefined;
  @IsString() OIDC_AUDIENCE = 'amtsweg';
  @optionalSetting() @IsOptional() @IsUrl({ require_tld: false, protocols: ['http', 'https'] }) OIDC_JWKS_URL?: string = undefined;

  @optionalSetting() @IsOptional() @Matches(/^smtps?:\/\//, { message: 'must be an smtp:// or smtps:// URL' }) SMTP_URL?: string =
    undefined;
  @IsString() MAIL_FROM = 'amtsweg <no-reply@amtsweg.localhost>';

  @IsIn(['error', 'warn', 'log', 'debug', 'verbose']) LOG_LEVEL: 'error' | 'warn' | 'log' | 'debug' | 'verbose' = 'log';

  /**
   * Opt-in: /health/ready reports unready while a service's outbox holds more unpublished events
   * than this. Unset (the default), readiness is the service's own database only.
   */
  @Transform(({ value }) => (value === undefined || value === '' ? undefined : Number(value)))
  @IsOptional()
  @IsInt()
  @Min(1)
  OUTBOX_READY_MAX_BACKLOG?: number = undefined;

  /**
   * After SIGTERM: how long to stay up reporting unready (answers with `Connection: close`) before
   * the listener closes, so load balancers and keep-alive clients move away first. Part of the 10 s.
   */
  @integerSetting(0)
  @IsInt()
  @Min(0)
  @Max(5_000)
  SHUTDOWN_DELAY_MS = 0;

  /**
   * Which proxies in front may name the client in X-Forwarded-For (Express's `trust proxy`): a hop
   * count, or addresses, CIDRs and `loopback`/`linklocal`/`uniquelocal`, comma-separated. The
   * default trusts only this host; behind an ingress and the gateway every citizen would otherwise
   * share the gateway's address, and so one rate-limit bucket.
   */
  @textSetting('loopback')
  @Matches(TRUST_PROXY_SETTING, {
    message: 'must be a hop count or a comma-separated list of addresses, CIDRs, loopback, linklocal, uniquelocal',
  })
  TRUST_PROXY = 'loopback';

  /**
   * `id:key[,id:key…]`, 32-byte keys in base64: seal the personal data that booking events carry for
   * messaging (appointments seals with the first, messaging opens with any — rotation). Both services
   * need the same list. Unset: the development key, which production refuses.
   */
  @optionalSetting() @IsOptional() @IsString() EVENT_SEAL_KEYS?: string = undefined;

  /** JSON bodies larger than this answer 413. */
  @IsString() @Matches(/^\d+(kb|mb)$/) BODY_LIMIT = '100kb';

  get production(): boolean {
    return this.NODE_ENV === 'production';
  }

  get publicUrl(): string {
    return (this.PUBLIC_URL ?? `http://localhost:${this.PORT}`).replace(/\/$/, '');
  }

  /** The value for Express's `trust proxy`: a number is a hop count, a string a list of trusted addresses. */
  get trustProxy(): number | string {
    return /^\d+$/.test(this.TRUST_PROXY) ? Number(this.TRUST_PROXY) : this.TRUST_PROXY;
  }

  get kafkaBrokers(): string[] | undefined {
    return this.KAFKA_BROKERS?.split(',');
  }

  /** The bare address of MAIL_FROM (`Name <address>` or `address`): the calendar files' organizer. */
  get mailFromAddress(): string {
    return /<([^<>]+)>\s*$/.exec(this.MAIL_FROM)?.[1] ?? this.MAIL_FROM.trim();
  }

  /** Events are sealed with the development key: no EVENT_SEAL_KEYS outside production. */
  get usesDevSealKey(): boolean {
    return !this.EVENT_SEAL_KEYS && !this.production;
  }

  /** The development issuer (the gateway) stands in when no OIDC issuer is configured outside production. */
  get issuer(): string {
    return this.OIDC_ISSUER ?? this.publicUrl;
  }

  get usesDevIssuer(): boolean {
    return !this.OIDC_ISSUER && !this.production;
  }
}

export class ConfigurationError extends Error {}

/**
 * Parses the environment into a validated config. Throws one line per bad variable.
 * `configClass` lets a service validate its own settings the same way; it must be declared with
 * `@Settings`, so that every variable read is one the operator's table can be checked against.
 */
export function loadConfig<T extends object = PlatformConfig>(
  env: NodeJS.ProcessEnv = process.env,
  configClass: SettingsClass<T> = PlatformConfig as unknown as SettingsClass<T>,
): T {
  if (settingsScopeOf(configClass) === undefined) throw new Error(`${configClass.name} is not declared with @Settings(scope)`);
  const known = new Set(Object.keys(new configClass()));
  const raw = Object.fromEntries(Object.entries(env).filter(([key]) => known.has(key)));
  const config = plainToInstance(configClass, raw, { exposeDefaultValues: true });
  const problems = validateSync(config, { skipMissingProperties: false, forbidUnknownValues: false });
  if (problems.length > 0) {
    const lines = problems.map(
      (p) => `  ${p.property}=${JSON.stringify(env[p.property] ?? '')}: ${Object.values(p.constraints ?? {}).join('; ')}`,
    );
    throw new ConfigurationError(`invalid configuration:\n${lines.join('\n')}`);
  }
  if (config instanceof PlatformConfig && config.EVENT_SEAL_KEYS) {
    try {
      parseSealKeys(config.EVENT_SEAL_KEYS);
    } catch (error) {
      throw new ConfigurationError(`invalid configuration:\n  EVENT_SEAL_KEYS: ${(error as Error).message}`);
    }
  }
  if (config instanceof PlatformConfig && config.production && !config.OIDC_ISSUER) {
    throw new ConfigurationError(
      'invalid configuration:\n  OIDC_ISSUER: required when NODE_ENV=production (the development issuer is refused there)',
    );
  }
  return config;
}
