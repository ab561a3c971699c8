import { IsOptional, IsString, IsUrl, Matches } from 'class-validator';
import { loadConfig, optionalSetting, Settings } from '@amtsweg/platform';
import { SERVICE_NAMES, type ServiceName } from './routing/service-routes';

/** A service's base URL: http(s) and a host (`http://appointments:3000`); container names may hold `_`. */
const upstreamUrl = () => IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'], allow_underscores: true });

/** The gateway's own settings, validated like the platform's (one line per bad variable). */
@Settings('gateway')
export class GatewayConfig {
  /** Where `npm run build:web` put the web client; relative to the working directory. */
  @IsString() WEB_ROOT = 'dist/web';

  /**
   * The web pages' client id at the identity provider (a public client: authorization code flow
   * with PKCE, redirect URI `<PUBLIC_URL>/anmelden/rueckruf`). Unset outside development: staff
   * cannot sign in on the pages.
   */
  @optionalSetting()
  @IsOptional()
  @Matches(/^[\w.:-]{1,200}$/, { message: 'must be a client id (letters, digits, . _ : -)' })
  OIDC_CLIENT_ID?: string = undefined;

  /**
   * The origins of municipalities' own identity providers (`…/identity`), comma-separated
   * (`https://login.beispielstadt.de,https://login.microsoftonline.com`): the sign-in page reads their
   * discovery document and trades its code at their token endpoint, and the pages' Content-Security-Policy
   * lets it connect to these origins only. Unset: only the platform issuer's sign-in works on the pages.
   */
  @optionalSetting()
  @IsOptional()
  @Matches(/^https?:\/\/[^\s,/]+(,\s*https?:\/\/[^\s,/]+)*$/, { message: 'must be origins (https://host[:port]) separated by commas' })
  OIDC_TENANT_ISSUER_ORIGINS?: string = undefined;

  // `<SERVICE>_URL`: set, the gateway forwards that service's routes there; unset, the service runs in this process.
  @optionalSetting() @IsOptional() @upstreamUrl() APPOINTMENTS_URL?: string = undefined;
  @optionalSetting() @IsOptional() @upstreamUrl() MESSAGING_URL?: string = undefined;
  @optionalSetting() @IsOptional() @upstreamUrl() SIGNATURES_URL?: string = undefined;
  @optionalSetting() @IsOptional() @upstreamUrl() DEVICES_URL?: string = undefined;

  /** OIDC_TENANT_ISSUER_ORIGINS as a list. */
  get tenantIssuerOrigins(): string[] {
    return (this.OIDC_TENANT_ISSUER_ORIGINS ?? '')
      .split(',')
      .map((origin) => origin.trim())
      .filter(Boolean)
      .map((origin) => new URL(origin).origin);
  }

  /** The services forwarded to, by name; every other one must run inside the gateway's process. */
  get upstreams(): Partial<Record<ServiceName, URL>> {
    const upstreams: Partial<Record<ServiceName, URL>> = {};
    for (const service of SERVICE_NAMES) {
      const url = this[upstreamSettingOf(service)];
      if (url) upstreams[service] = new URL(url);
    }
    return upstreams;
  }
}

/** The variable naming where `service` runs when it runs elsewhere: `APPOINTMENTS_URL`. */
export function upstreamSettingOf(service: ServiceName): `${Uppercase<ServiceName>}_URL` {
  return `${service.toUpperCase() as Uppercase<ServiceName>}_URL`;
}

export function loadGatewayConfig(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  return loadConfig(env, GatewayConfig);
}
