import { Authenticated, CurrentAdmin, ProblemResponse, TenantRoute, UuidPipe, type AdminActor } from '@amtsweg/platform';
import { Delete, Param, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiForbiddenResponse, ApiOkResponse, ApiOperation, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { appointmentsRoute } from '../../http/appointments-route';
import { CurrentTenant } from '../../tenancy/known-tenant.guard';
import type { Tenant } from '../../tenancy/tenant';
import { AffectedBookingsResponse } from '../affected-bookings.response.dto';
import { CancelAffectedQuery } from '../cancel-affected.query.dto';
import { SERVICE_BOOKINGS_CONFLICT } from '../update-service/update-service.http.controller';
import { DeleteServiceHandler } from './delete-service.handler';

@TenantRoute('services', appointmentsRoute('offices'))
export class DeleteServiceHttpController {
  constructor(private readonly handler: DeleteServiceHandler) {}

  @Delete(':serviceId')
  @Authenticated('tenant-admin')
  @ApiOperation({
    summary: 'Stop offering a service',
    description: 'Past bookings keep naming it. With bookings ahead only with `?cancelAffected=true`.',
  })
  @ApiOkResponse({ type: AffectedBookingsResponse })
  @ApiUnauthorizedResponse({ description: 'No or invalid bearer token', type: ProblemResponse })
  @ApiForbiddenResponse({ description: 'Not a tenant admin', type: ProblemResponse })
  @ApiConflictResponse({ description: SERVICE_BOOKINGS_CONFLICT, type: ProblemResponse })
  async delete(
    @CurrentTenant() tenant: Tenant,
    @Param('serviceId', UuidPipe) serviceId: string,
    @Query() query: CancelAffectedQuery,
    @CurrentAdmin() actor: AdminActor,
  ): Promise<AffectedBookingsResponse> {
    return { affectedBookings: await this.handler.execute(tenant, serviceId, query.cancelAffected === 'true', actor) };
  }
}
