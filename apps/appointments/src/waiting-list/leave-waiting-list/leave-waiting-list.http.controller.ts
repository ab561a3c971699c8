import { Delete, HttpCode, Param, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiNoContentResponse, ApiOperation, ApiQuery } from '@nestjs/swagger';
import { appointmentsRoute } from '../../http/appointments-route';
import { CurrentTenant } from '../../tenancy/known-tenant.guard';
import type { Tenant } from '../../tenancy/tenant';
import { LeaveWaitingListHandler } from './leave-waiting-list.handler';
import { ProblemResponse, TenantRoute } from '@amtsweg/platform';

@TenantRoute('waiting-list', appointmentsRoute('waiting list'))
export class LeaveWaitingListHttpController {
  constructor(private readonly handler: LeaveWaitingListHandler) {}

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Leave the waiting list' })
  @ApiQuery({ name: 'token', required: true, description: 'The token from joining' })
  @ApiNoContentResponse({ description: 'Left' })
  @ApiConflictResponse({ description: '`WAITING_LIST.NOT_WAITING`: an offer was made, or the entry is settled', type: ProblemResponse })
  async leave(@CurrentTenant() tenant: Tenant, @Param('id') id: string, @Query('token') token: unknown): Promise<void> {
    await this.handler.execute(tenant, id, token);
  }
}
