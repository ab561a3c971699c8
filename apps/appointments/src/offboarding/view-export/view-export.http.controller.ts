import { Authenticated, DomainError, ProblemResponse, UuidPipe, TenantRoute } from '@amtsweg/platform';
import { Get, Param } from '@nestjs/common';
import { ApiForbiddenResponse, ApiOkResponse, ApiOperation, ApiParam } from '@nestjs/swagger';
import { TenantDirectory } from '../../tenancy/tenant-directory';
import { TenantExportResponse, tenantExportResponse } from '../tenant-export.response.dto';
import { TenantExports } from '../tenant-exports';

/** Provider route: an export and which of its parts were delivered. */
@TenantRoute('exports', { tag: 'tenants', notFound: '`TENANT.NOT_FOUND`, `TENANT.EXPORT_NOT_FOUND`' })
export class ViewExportHttpController {
  constructor(
    private readonly tenants: TenantDirectory,
    private readonly exports: TenantExports,
  ) {}

  @Get(':id')
  @Authenticated('provider-admin')
  @ApiOperation({ summary: 'An off-boarding export and the delivery of its parts' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: TenantExportResponse })
  @ApiForbiddenResponse({ description: 'Not a provider-admin', type: ProblemResponse })
  async view(@Param('tenant') slug: string, @Param('id', UuidPipe) id: string): Promise<TenantExportResponse> {
    if (!(await this.tenants.find(slug))) throw DomainError.notFound('TENANT.NOT_FOUND', 'No such tenant.');
    const found = await this.exports.find(slug, id);
    if (!found) throw DomainError.notFound('TENANT.EXPORT_NOT_FOUND', 'No such export of this municipality.');
    return tenantExportResponse(found);
  }
}
