import { Get, Inject, Param } from '@nestjs/common';
import { ApiForbiddenResponse, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { Authenticated, CurrentPrincipal, DomainError, type Principal, ProblemResponse, TenantRoute, UuidPipe } from '@amtsweg/platform';
import type { DataSource } from 'typeorm';
import { DEVICES_DATA_SOURCE } from '../../devices.database';
import { DEVICES_ROUTE } from '../../http/devices-route';
import { ProvisioningBatches } from '../provisioning-batch';
import { batchProgressView, BatchProgressView } from '../provisioning-batch.response.dto';

@TenantRoute('provisioning-batches', DEVICES_ROUTE)
export class GetBatchHttpController {
  constructor(
    @Inject(DEVICES_DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly batches: ProvisioningBatches,
  ) {}

  @Get(':id')
  @Authenticated('it-admin')
  @ApiOperation({ summary: 'The progress of a bulk provisioning: provisioned and failed of total, also while it runs' })
  @ApiOkResponse({ type: BatchProgressView })
  @ApiForbiddenResponse({ description: 'Not an it-admin', type: ProblemResponse })
  async get(@CurrentPrincipal() principal: Principal, @Param('id', UuidPipe) id: string): Promise<BatchProgressView> {
    const batch = await this.batches.find(this.dataSource.manager, principal.tenant, id);
    if (!batch) throw DomainError.notFound('PROVISIONING.BATCH_NOT_FOUND', 'Diese Einrichtung gibt es nicht.');
    return batchProgressView(batch);
  }
}
