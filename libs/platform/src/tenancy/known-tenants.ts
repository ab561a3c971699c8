import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { DomainError } from '../http/problem';
import { TENANT_SLUG } from '../http/tenant-slug';
import { REQUIRED_ROLES_METADATA } from '../identity/authenticated';

/** What a service needs to know of a municipality to serve it at all. */
export interface KnownTenant {
  slug: string;
  suspended: boolean;
}

/**
 * The tenants a service knows: appointments owns the registry; every other service keeps a
 * projection of its `tenant.*` events (libs/eventing, `KnownTenantsModule`).
 */
export abstract class KnownTenants {
  abstract find(slug: string): Promise<KnownTenant | undefined>;
}

/**
 * Refuses a tenant a route may not serve: unknown → 404 `TENANT.NOT_FOUND`; suspended → 404 for
 * citizens (public routes: as if it did not exist) and 403 `TENANT.SUSPENDED` on signed-in routes,
 * so its staff learn why.
 */
export function refuseUnservedTenant<T extends KnownTenant>(tenant: T | undefined, signedIn: boolean): asserts tenant is T {
  if (!tenant || (tenant.suspended && !signedIn)) throw DomainError.notFound('TENANT.NOT_FOUND', 'No such tenant.');
  if (tenant.suspended) throw DomainError.forbidden('TENANT.SUSPENDED', 'This municipality is suspended by its IT service provider.');
}

/** Whether the route is `@Authenticated` (any roles): only then may it tell a suspension apart from absence. */
export function isSignedInRoute(reflector: Reflector, context: ExecutionContext): boolean {
  return reflector.getAllAndOverride<unknown>(REQUIRED_ROLES_METADATA, [context.getHandler(), context.getClass()]) !== undefined;
}

/**
 * `TenantRoute(path, { guards: [KnownTenantsGuard] })`: every route under `/tenants/:tenant`
 * refuses an unknown or suspended tenant before anything else, token checks included.
 */
@Injectable()
export class KnownTenantsGuard implements CanActivate {
  constructor(
    private readonly tenants: KnownTenants,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const slug = context.switchToHttp().getRequest<Request>().params?.tenant;
    const tenant = typeof slug === 'string' && TENANT_SLUG.test(slug) ? await this.tenants.find(slug) : undefined;
    refuseUnservedTenant(tenant, isSignedInRoute(this.reflector, context));
    return true;
  }
}

/** A tenant as `tenant.created` announces it. */
export interface AnnouncedTenant {
  slug: string;
  name: string;
  federalState: string;
  timeZone: string;
}

/**
 * Puts `tenant.created` for tenants onto the process's event bus, as appointments' outbox relay
 * does, and resolves once this service's projection (through its consumer and inbox) knows them.
 * For a service that runs without appointments: its test apps learn the demo tenants so
 * (`@amtsweg/platform/testing`), by the real path rather than by a row put into its table.
 */
export abstract class TenantAnnouncer {
  abstract announce(tenants: AnnouncedTenant[]): Promise<void>;
}
