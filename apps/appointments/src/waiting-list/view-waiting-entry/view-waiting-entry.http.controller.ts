import { Get, Header, Inject, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiQuery } from '@nestjs/swagger';
import type { DataSource } from 'typeorm';
import { TenantRoute } from '@amtsweg/platform';
import { APPOINTMENTS_DATA_SOURCE } from '../../appointments.database';
import { appointmentsRoute } from '../../http/appointments-route';
import { CurrentTenant } from '../../tenancy/known-tenant.guard';
import type { Tenant } from '../../tenancy/tenant';
import { ManagedWaitingEntries } from '../managed-waiting-entry';
import { WaitingEntryResponse, waitingEntryResponse } from '../waiting-entry.response.dto';

@TenantRoute('waiting-list', appointmentsRoute('waiting list'))
export class ViewWaitingEntryHttpController {
  constructor(
    @Inject(APPOINTMENTS_DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly managed: ManagedWaitingEntries,
  ) {}

  @Get(':id')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'A waiting-list entry, opened with its id and token',
    description: '`offered`: a slot is held for the citizen and was mailed to them.',
  })
  @ApiQuery({ name: 'token', required: true, description: 'The token from joining' })
  @ApiOkResponse({ type: WaitingEntryResponse })
  async view(@CurrentTenant() tenant: Tenant, @Param('id') id: string, @Query('token') token: unknown): Promise<WaitingEntryResponse> {
    return waitingEntryResponse(await this.managed.open(this.dataSource.manager, tenant.slug, id, token));
  }
}
