import { Inject, Injectable, Logger } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import { TenantIdentityConfiguredV1, TenantIdentityRemovedV1 } from '@amtsweg/contracts';
import { AdminAudit, Outbox } from '@amtsweg/eventing';
import {
  type AdminActor,
  Clock,
  dataSourceToken,
  DomainError,
  PgError,
  PlatformConfig,
  sqlState,
  TENANT_ISSUER_ROLES,
  TenantSignIn,
  type TenantIdentity,
} from '@amtsweg/platform';
import type { ConfigureTenantIdentityRequest } from './tenant-identity.request.dto';
import { TenantIdentityRepository } from './tenant-identity.repository';

const MAX_MAPPED_VALUES = 100;

export const TenantIdentityErrors = {
  notConfigured: () => DomainError.notFound('IDENTITY.NOT_CONFIGURED', 'This municipality has no identity provider of its own configured.'),
  issuerTaken: () => DomainError.conflict('IDENTITY.ISSUER_TAKEN', 'This issuer already signs in the people of another municipality.'),
  invalidIssuer: (message: string) =>
    DomainError.unprocessable('IDENTITY.INVALID_ISSUER', 'The issuer must be the https URL of an OpenID Connect issuer.', [
      { field: 'issuer', message },
    ]),
  invalidRoleMapping: (message: string) =>
    DomainError.unprocessable(
      'IDENTITY.INVALID_ROLE_MAPPING',
      'The role mapping maps values of the roles claim to staff, clerk, it-admin or tenant-admin.',
      [{ field: 'roleMapping', message }],
    ),
};

/**
 * A municipality's own OpenID Connect issuer: put (replace) or remove it, with
 * `tenant.identity-configured` / `tenant.identity-removed` in the same transaction, so every service's
 * projection follows. This instance forgets its cached configuration at once; others within seconds.
 */
@Injectable()
export class TenantIdentityHandler {
  private readonly logger = new Logger(TenantIdentityHandler.name);

  constructor(
    @Inject(dataSourceToken('messaging')) private readonly dataSource: DataSource,
    private readonly identities: TenantIdentityRepository,
    private readonly outbox: Outbox,
    private readonly signIn: TenantSignIn,
    private readonly config: PlatformConfig,
    private readonly clock: Clock,
    private readonly audit: AdminAudit,
  ) {}

  find(tenant: string): Promise<TenantIdentity | undefined> {
    return this.identities.find(this.dataSource.manager, tenant);
  }

  async put(tenant: string, request: ConfigureTenantIdentityRequest, actor: AdminActor): Promise<TenantIdentity> {
    const identity: TenantIdentity = {
      tenant,
      issuer: this.validIssuer(request.issuer),
      audience: request.audience,
      clientId: request.clientId,
      rolesClaim: request.rolesClaim,
      roleMapping: validRoleMapping(request.roleMapping),
      emailVerified: request.emailVerified ?? 'claim',
    };
    try {
      await this.dataSource.transaction(async (manager) => {
        const holder = await this.identities.findByIssuer(manager, identity.issuer);
        if (holder && holder.tenant !== tenant) throw TenantIdentityErrors.issuerTaken();
        const before = await this.identities.find(manager, tenant);
        const revision = await this.identities.put(manager, identity, this.clock.now());
        if (revision === undefined) throw TenantIdentityErrors.issuerTaken();
        await this.configured(manager, identity, revision);
        await this.audit.record(manager, {
          tenant,
          actor,
          action: 'identity.configured',
          subject: { type: 'identity-provider', id: tenant },
          before: before ? { ...before } : null,
          after: { ...identity },
        });
      });
    } catch (error) {
      // Two tenants putting the same issuer at once: the unique index lets one win.
      if (sqlState(error) === PgError.uniqueViolation) throw TenantIdentityErrors.issuerTaken();
      throw error;
    }
    this.signIn.forget();
    this.logger.log(`identity provider of ${tenant} configured`);
    return identity;
  }

  async remove(tenant: string, actor: AdminActor): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const before = await this.identities.find(manager, tenant);
      const revision = await this.identities.remove(manager, tenant);
      if (revision === undefined || !before) throw TenantIdentityErrors.notConfigured();
      await this.audit.record(manager, {
        tenant,
        actor,
        action: 'identity.removed',
        subject: { type: 'identity-provider', id: tenant },
        before: { ...before },
        after: null,
      });
      const data = Object.assign(new TenantIdentityRemovedV1(), { tenant, revision });
      await this.outbox.append(manager, TenantIdentityRemovedV1, data, { subject: tenant, tenantId: tenant });
    });
    this.signIn.forget();
    this.logger.log(`identity provider of ${tenant} removed`);
  }

  private async configured(manager: EntityManager, identity: TenantIdentity, revision: number): Promise<void> {
    const data = Object.assign(new TenantIdentityConfiguredV1(), {
      tenant: identity.tenant,
      issuer: identity.issuer,
      audience: identity.audience,
      clientId: identity.clientId,
      rolesClaim: identity.rolesClaim,
      roleMapping: { ...identity.roleMapping },
      emailVerified: identity.emailVerified,
      revision,
    });
    await this.outbox.append(manager, TenantIdentityConfiguredV1, data, { subject: identity.tenant, tenantId: identity.tenant });
  }

  /** An https URL (http only for localhost outside production), without query or fragment, and not the platform's own issuer. */
  private validIssuer(issuer: string): string {
    let url: URL;
    try {
      url = new URL(issuer);
    } catch {
      throw TenantIdentityErrors.invalidIssuer('not a URL');
    }
    const local = url.hostname === 'localhost' || url.hostname === '127.0.0.1';
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && local && !this.config.production))
      throw TenantIdentityErrors.invalidIssuer('must be an https URL (http only for localhost or 127.0.0.1 in development)');
    if (url.search || url.hash || url.username || url.password)
      throw TenantIdentityErrors.invalidIssuer('must have no query, fragment or credentials');
    if (issuer === this.config.issuer)
      throw TenantIdentityErrors.invalidIssuer('is the platform issuer, which signs in every municipality already');
    return issuer;
  }
}

function validRoleMapping(mapping: Record<string, unknown>): Record<string, string> {
  const entries = Object.entries(mapping);
  if (entries.length > MAX_MAPPED_VALUES) throw TenantIdentityErrors.invalidRoleMapping(`at most ${MAX_MAPPED_VALUES} values`);
  const valid: Record<string, string> = {};
  for (const [value, role] of entries) {
    if (value.length === 0 || value.length > 200) throw TenantIdentityErrors.invalidRoleMapping('every value has 1 to 200 characters');
    if (typeof role !== 'string' || !(TENANT_ISSUER_ROLES as readonly string[]).includes(role))
      throw TenantIdentityErrors.invalidRoleMapping('allowed roles: staff, clerk, it-admin, tenant-admin');
    valid[value] = role;
  }
  return valid;
}
