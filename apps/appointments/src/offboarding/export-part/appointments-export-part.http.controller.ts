import { streamTenantExportPart } from '@amtsweg/eventing';
import { Authenticated, Clock, DomainError, ProblemResponse, UuidPipe, TenantRoute } from '@amtsweg/platform';
import { Get, Inject, Param, Res } from '@nestjs/common';
import { ApiForbiddenResponse, ApiOkResponse, ApiOperation, ApiParam, ApiProduces } from '@nestjs/swagger';
import type { Response } from 'express';
import type { DataSource } from 'typeorm';
import { APPOINTMENTS, APPOINTMENTS_DATA_SOURCE } from '../../appointments.database';
import { TenantDirectory } from '../../tenancy/tenant-directory';
import { TenantExports } from '../tenant-exports';

/**
 * Provider route: appointments' part of an export — the municipality's registry entry with its
 * booking settings, and its offices, services, opening hours, closures, bookings, waiting list and
 * releases, streamed from the tables at download time.
 */
@TenantRoute('exports', { tag: 'tenants', notFound: '`TENANT.NOT_FOUND`, `TENANT.EXPORT_NOT_FOUND`' })
export class AppointmentsExportPartHttpController {
  constructor(
    @Inject(APPOINTMENTS_DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly tenants: TenantDirectory,
    private readonly exports: TenantExports,
    private readonly clock: Clock,
  ) {}

  @Get(':id/appointments.json')
  @Authenticated('provider-admin')
  @ApiOperation({ summary: "Appointments' part of an off-boarding export (JSON, streamed)" })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiProduces('application/json')
  @ApiOkResponse({ description: '`{ service, tenant, exportedAt, schemaVersion, data: { <table>: [rows] } }`' })
  @ApiForbiddenResponse({ description: 'Not a provider-admin', type: ProblemResponse })
  async download(@Param('tenant') slug: string, @Param('id', UuidPipe) id: string, @Res() response: Response): Promise<void> {
    const tenant = await this.tenants.find(slug);
    if (!tenant) throw DomainError.notFound('TENANT.NOT_FOUND', 'No such tenant.');
    if (!(await this.exports.find(slug, id))) throw DomainError.notFound('TENANT.EXPORT_NOT_FOUND', 'No such export of this municipality.');
    const { revision: _revision, suspendedSince, ...registry } = tenant;
    const complete = await streamTenantExportPart(response, {
      dataSource: this.dataSource,
      service: APPOINTMENTS,
      tenant: slug,
      exportId: id,
      // The export's own bookkeeping is no data of the municipality.
      omitTables: ['tenant_export', 'tenant_export_part'],
      extra: [
        { key: 'tenant', write: (emit) => emit(JSON.stringify([{ ...registry, suspendedSince: suspendedSince?.toISOString() ?? null }])) },
      ],
    });
    // Appointments owns the export: its own part is marked at once, in a short transaction of its own.
    if (complete)
      await this.dataSource.transaction((manager) => this.exports.markDelivered(manager, id, slug, APPOINTMENTS, this.clock.now()));
  }
}
