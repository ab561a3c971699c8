import { applyDecorators, Controller, UseGuards } from '@nestjs/common';
import { ApiNotFoundResponse, ApiParam, ApiTags } from '@nestjs/swagger';
import { KnownTenantGuard } from '../tenancy/known-tenant.guard';
import { ProblemResponse } from '@amtsweg/platform';

/**
 * A controller under `/api/v1/tenants/{tenant}/…`: an unknown tenant answers 404 on every route,
 * before validation and before token checks.
 */
export function TenantRoute(path: string, tag: string): ClassDecorator {
  return applyDecorators(
    Controller(`api/v1/tenants/:tenant/${path}`),
    UseGuards(KnownTenantGuard),
    ApiTags(tag),
    ApiParam({ name: 'tenant', description: 'The municipality, e.g. `demo`', example: 'demo' }),
    ApiNotFoundResponse({ description: 'Unknown tenant (or resource)', type: ProblemResponse }),
  );
}
