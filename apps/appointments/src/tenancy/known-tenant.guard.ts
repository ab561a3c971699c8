import { createParamDecorator, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { isSignedInRoute, refuseUnservedTenant, TENANT_SLUG } from '@amtsweg/platform';
import type { Request } from 'express';
import { TenantDirectory } from './tenant-directory';
import type { Tenant } from './tenant';

type TenantRequest = Request & { tenant?: Tenant };

/**
 * Every route under `/tenants/:tenant` answers 404 for a tenant this service does not know —
 * before anything else, token checks included, so that every route treats it the same. A suspended
 * tenant is 404 to citizens and 403 `TENANT.SUSPENDED` on signed-in routes.
 */
@Injectable()
export class KnownTenantGuard implements CanActivate {
  constructor(
    private readonly tenants: TenantDirectory,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<TenantRequest>();
    const slug = request.params?.tenant;
    const tenant = typeof slug === 'string' && TENANT_SLUG.test(slug) ? await this.tenants.find(slug) : undefined;
    refuseUnservedTenant(tenant, isSignedInRoute(this.reflector, context));
    request.tenant = tenant;
    return true;
  }
}

/** The tenant of the path, as `KnownTenantGuard` found it. */
export const CurrentTenant = createParamDecorator((_data: unknown, context: ExecutionContext): Tenant => {
  const tenant = context.switchToHttp().getRequest<TenantRequest>().tenant;
  if (!tenant) throw new Error('CurrentTenant used on a route without KnownTenantGuard');
  return tenant;
});
