import { type AdminActor, Authenticated, Clock, CurrentAdmin, DomainError, ProblemResponse, TenantRoute } from '@amtsweg/platform';
import { HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiForbiddenResponse, ApiOperation } from '@nestjs/swagger';
import type { Response } from 'express';
import { TenantDirectory } from '../../tenancy/tenant-directory';
import { exportLocation, TenantExportResponse, tenantExportResponse } from '../tenant-export.response.dto';
import { TenantExports } from '../tenant-exports';

/**
 * Provider route: off-boarding starts with an export of the municipality's data, one JSON part per
 * service. Not behind KnownTenantGuard: a suspended tenant is the normal case here.
 */
@TenantRoute('export', { tag: 'tenants', notFound: 'No such municipality (`TENANT.NOT_FOUND`)' })
export class RequestExportHttpController {
  constructor(
    private readonly tenants: TenantDirectory,
    private readonly exports: TenantExports,
    private readonly clock: Clock,
  ) {}

  @Post()
  @HttpCode(202)
  @Authenticated('provider-admin')
  @ApiOperation({
    summary: "Export a municipality's data (off-boarding)",
    description:
      'Answers at once; each part is downloaded at `Location` + `/{service}.json`, all four as a tar at `Location` + `/archive`. A part counts as delivered once its service streamed it to the end.',
  })
  @ApiAcceptedResponse({ type: TenantExportResponse, headers: { Location: { description: 'The export', schema: { type: 'string' } } } })
  @ApiForbiddenResponse({ description: 'Not a provider-admin', type: ProblemResponse })
  async request(
    @Param('tenant') slug: string,
    @Res({ passthrough: true }) response: Response,
    @CurrentAdmin() actor: AdminActor,
  ): Promise<TenantExportResponse> {
    if (!(await this.tenants.find(slug))) throw DomainError.notFound('TENANT.NOT_FOUND', 'No such tenant.');
    const requested = await this.exports.request(slug, this.clock.now(), actor);
    response.setHeader('location', exportLocation(slug, requested.id));
    return tenantExportResponse(requested);
  }
}
