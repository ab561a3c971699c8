import { DynamicModule, Global, Inject, Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import { AuthGuard, TOKEN_VERIFIER } from './identity/authenticated';
import { DevSigningKey } from './identity/dev-signing-key';
import { DeactivatedPeople } from './identity/person-status';
import { TenantSignIn } from './identity/tenant-sign-in';
import { TokenVerifier } from './identity/token-verifier';
import { PlatformConfig } from './config/platform-config';
import { EmbeddedPostgres } from './database/embedded-postgres';
import { EmbeddedPostgresOnDemand } from './database/embedded-postgres-on-demand';
import { join } from 'node:path';
import { Metrics } from './metrics/metrics';
import { MetricsController } from './metrics/metrics.controller';
import { ShutdownDrain } from './shutdown/shutdown-drain';

export const EMBEDDED_POSTGRES = Symbol('EMBEDDED_POSTGRES');

/**
 * What every service process shares: the validated config, token verification, the metrics
 * registry (`GET /metrics`), the shutdown drain and — in the embedded default — the one PGlite
 * instance all service schemas live in.
 */
@Global()
@Module({})
export class PlatformModule {
  static forRoot(config: PlatformConfig): DynamicModule {
    return {
      module: PlatformModule,
      controllers: [MetricsController],
      providers: [
        { provide: PlatformConfig, useValue: config },
        {
          provide: TOKEN_VERIFIER,
          useFactory: (tenantIssuers: TenantSignIn) => tokenVerifierFor(config, tenantIssuers),
          inject: [TenantSignIn],
        },
        TenantSignIn,
        {
          provide: EMBEDDED_POSTGRES,
          // Opened only when a service of this process has no PostgreSQL URL; otherwise nothing is started.
          useValue: new EmbeddedPostgresOnDemand(() => EmbeddedPostgres.open(join(config.DATA_DIR, 'pglite'))),
        },
        AuthGuard,
        DeactivatedPeople,
        EmbeddedPostgresShutdown,
        Metrics,
        ShutdownDrain,
      ],
      exports: [PlatformConfig, TOKEN_VERIFIER, EMBEDDED_POSTGRES, AuthGuard, DeactivatedPeople, TenantSignIn, Metrics, ShutdownDrain],
    };
  }
}

/** The process's PGlite closes with the app, after the services' DataSources let go of it. */
@Injectable()
class EmbeddedPostgresShutdown implements OnApplicationShutdown {
  constructor(@Inject(EMBEDDED_POSTGRES) private readonly embedded: EmbeddedPostgresOnDemand) {}

  async onApplicationShutdown(): Promise<void> {
    await this.embedded.closeIfShared();
  }
}

async function tokenVerifierFor(config: PlatformConfig, tenantIssuers: TenantSignIn): Promise<TokenVerifier> {
  if (config.OIDC_JWKS_URL || !config.usesDevIssuer) {
    const jwksUrl = config.OIDC_JWKS_URL ?? (await discoverJwksUrl(config.issuer));
    return TokenVerifier.remote(config.issuer, config.OIDC_AUDIENCE, jwksUrl, tenantIssuers);
  }
  const key = await DevSigningKey.loadOrCreate(config.DATA_DIR);
  return TokenVerifier.local(config.issuer, config.OIDC_AUDIENCE, { keys: [key.publicJwk] }, tenantIssuers);
}

async function discoverJwksUrl(issuer: string): Promise<string> {
  const response = await fetch(`${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`);
  if (!response.ok) throw new Error(`OIDC discovery at ${issuer} answered ${response.status}; set OIDC_JWKS_URL`);
  const { jwks_uri: jwksUri } = (await response.json()) as { jwks_uri?: string };
  if (!jwksUri) throw new Error(`OIDC discovery at ${issuer} names no jwks_uri; set OIDC_JWKS_URL`);
  return jwksUri;
}
