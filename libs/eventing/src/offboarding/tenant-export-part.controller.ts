import type { EventContract, ExportPartService, TenantExportPartDelivered } from '@amtsweg/contracts';
import { Authenticated, DomainError, KnownTenants, ProblemResponse, UuidPipe, TenantRoute } from '@amtsweg/platform';
import { Get, Inject, Optional, Param, Res, type Type } from '@nestjs/common';
import { ApiForbiddenResponse, ApiOkResponse, ApiOperation, ApiParam, ApiProduces } from '@nestjs/swagger';
import type { Response } from 'express';
import type { DataSource } from 'typeorm';
import { Outbox } from '../outbox/outbox';
import { recordExportPartDelivered, streamTenantExportPart, type ExtraExportEntry } from './tenant-export-part';

/** What a service adds to its part besides its tables (signatures: the documents themselves). */
export abstract class TenantExportExtras {
  abstract entries(tenant: string): ExtraExportEntry[];
}

export interface TenantExportPartOptions {
  service: Exclude<ExportPartService, 'appointments'>;
  contract: EventContract<TenantExportPartDelivered>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  dataSourceToken: string | symbol | Function;
  /** Tables of the schema that are no municipality's data (bookkeeping, copies of other services' data). */
  omitTables?: readonly string[];
  /** A provider of the service's module that adds entries (optional). */
  extras?: Type<TenantExportExtras>;
}

/**
 * The controller of a service's part of an off-boarding export, `GET /tenants/{tenant}/exports/{id}/{service}.json`
 * (provider-admin), for the service's own module (where its Outbox and DataSource are). The tenant
 * must be known here — suspended is the normal case — and the id is appointments' export id, which
 * this service cannot check: a made-up id only yields a report appointments ignores.
 */
export function tenantExportPartController(options: TenantExportPartOptions): Type {
  @TenantRoute('exports', { tag: 'tenants', notFound: '`TENANT.NOT_FOUND`' })
  class TenantExportPartHttpController {
    constructor(
      @Inject(options.dataSourceToken) private readonly dataSource: DataSource,
      @Inject(Outbox) private readonly outbox: Outbox,
      @Inject(KnownTenants) private readonly tenants: KnownTenants,
      @Optional() @Inject(options.extras ?? TenantExportExtras) private readonly extras?: TenantExportExtras,
    ) {}

    @Get(`:id/${options.service}.json`)
    @Authenticated('provider-admin')
    @ApiOperation({ summary: `${options.service}: its part of an off-boarding export (JSON, streamed)` })
    @ApiParam({ name: 'id', format: 'uuid' })
    @ApiProduces('application/json')
    @ApiOkResponse({ description: '`{ service, tenant, exportedAt, schemaVersion, data: { <table>: [rows] } }`' })
    @ApiForbiddenResponse({ description: 'Not a provider-admin', type: ProblemResponse })
    async download(@Param('tenant') tenant: string, @Param('id', UuidPipe) id: string, @Res() response: Response): Promise<void> {
      if (!(await this.tenants.find(tenant))) throw DomainError.notFound('TENANT.NOT_FOUND', 'No such tenant.');
      const part = { service: options.service, tenant, exportId: id };
      const complete = await streamTenantExportPart(response, {
        ...part,
        dataSource: this.dataSource,
        omitTables: options.omitTables,
        extra: this.extras?.entries(tenant),
      });
      if (complete) await recordExportPartDelivered(this.dataSource, this.outbox, options.contract, part);
    }
  }
  Object.defineProperty(TenantExportPartHttpController, 'name', {
    value: `${options.service[0].toUpperCase()}${options.service.slice(1)}ExportPartHttpController`,
  });
  return TenantExportPartHttpController;
}
