import { IsOptional, IsString, Matches } from 'class-validator';
import { loadConfig, optionalSetting } from '@amtsweg/platform';

/** The gateway's own settings, validated like the platform's (one line per bad variable). */
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
}

export function loadGatewayConfig(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  return loadConfig(env, GatewayConfig);
}
