import { bearerCaller, DomainError, isProviderPrincipal, TOKEN_VERIFIER, TokenVerifier } from '@amtsweg/platform';
import { Controller, Get, Inject, Injectable, Query, UseGuards, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiOperation, ApiProperty, ApiQuery, ApiTags, getSchemaPath } from '@nestjs/swagger';
import type { Request } from 'express';
import { TenantDirectory } from './tenant-directory';
import { tenantWithCounts, TenantWithCountsResponse } from './tenant.response.dto';

export class TenantSummaryResponse {
  @ApiProperty({ example: 'demo', description: 'The path segment of every tenant route' }) slug: string;
  @ApiProperty({ example: 'Demostadt' }) name: string;
}

/** `all`: absent (or `false`) the public list, `true` the provider's; anything else is a malformed request. */
function wantsAll(all: unknown): boolean {
  if (all === undefined || all === 'false') return false;
  if (all === 'true') return true;
  throw DomainError.badRequest('REQUEST.INVALID', 'all must be "true" or "false".', [
    { field: 'all', message: 'must be "true" or "false"' },
  ]);
}

/** `?all=true` is the provider's list: a provider-admin's token, else 401 / 403. The public list wants none. */
@Injectable()
class ProviderAdminForAllGuard implements CanActivate {
  constructor(@Inject(TOKEN_VERIFIER) private readonly verifier: TokenVerifier) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<Request>();
    if (!wantsAll(request.query.all)) return true;
    const caller = await bearerCaller(request, this.verifier);
    if (!isProviderPrincipal(caller))
      throw DomainError.forbidden('AUTH.ROLE_REQUIRED', 'The list of all tenants needs the role provider-admin.');
    return true;
  }
}

/**
 * Public: the municipalities citizens can book with, for the start page — slug and name, and no
 * suspended one. With `?all=true`, for a provider-admin: every tenant with its registry entry and counts.
 */
@ApiTags('offices')
@Controller('api/v1/tenants')
@ApiExtraModels(TenantSummaryResponse, TenantWithCountsResponse)
export class ListTenantsHttpController {
  constructor(private readonly tenants: TenantDirectory) {}

  @Get()
  @UseGuards(ProviderAdminForAllGuard)
  @ApiOperation({
    summary: 'The municipalities that take bookings',
    description:
      'Without `all`: public, `[{ slug, name }]` of every active municipality. With `all=true`: a provider-admin bearer token (401 without, 403 `AUTH.ROLE_REQUIRED` for anyone else), every municipality with `federalState`, `timeZone`, `suspended` and `counts`.',
  })
  @ApiQuery({ name: 'all', required: false, enum: ['true', 'false'], description: 'true: the provider-admin list of every tenant' })
  @ApiOkResponse({
    schema: {
      oneOf: [
        { type: 'array', items: { $ref: getSchemaPath(TenantSummaryResponse) } },
        { type: 'array', items: { $ref: getSchemaPath(TenantWithCountsResponse) } },
      ],
    },
  })
  async list(@Query('all') all?: string): Promise<TenantSummaryResponse[] | TenantWithCountsResponse[]> {
    const tenants = await this.tenants.all();
    if (!wantsAll(all)) return tenants.filter((tenant) => !tenant.suspended).map(({ slug, name }) => ({ slug, name }));
    const counts = await this.tenants.counts();
    return tenants.map((tenant) => tenantWithCounts(tenant, counts.get(tenant.slug)));
  }
}
