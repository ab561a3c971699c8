import { Authenticated, CurrentAdmin, ProblemResponse, TenantRoute, UuidPipe, type AdminActor } from '@amtsweg/platform';
import { Delete, Param, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiForbiddenResponse, ApiOkResponse, ApiOperation, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { appointmentsRoute } from '../../http/appointments-route';
import { CurrentTenant } from '../../tenancy/known-tenant.guard';
import type { Tenant } from '../../tenancy/tenant';
import { AFFECTED_BOOKINGS_CONFLICT, AffectedBookingsResponse } from '../affected-bookings.response.dto';
import { CancelAffectedQuery } from '../cancel-affected.query.dto';
import { DeleteOfficeHandler } from './delete-office.handler';

@TenantRoute('offices', appointmentsRoute('offices'))
export class DeleteOfficeHttpController {
  constructor(private readonly handler: DeleteOfficeHandler) {}

  @Delete(':officeId')
  @Authenticated('tenant-admin')
  @ApiOperation({
    summary: 'Close an office for good',
    description: 'It leaves the lists at once; its past bookings keep naming it. With bookings ahead only with `?cancelAffected=true`.',
  })
  @ApiOkResponse({ type: AffectedBookingsResponse })
  @ApiUnauthorizedResponse({ description: 'No or invalid bearer token', type: ProblemResponse })
  @ApiForbiddenResponse({ description: 'Not a tenant admin', type: ProblemResponse })
  @ApiConflictResponse({ description: AFFECTED_BOOKINGS_CONFLICT, type: ProblemResponse })
  async delete(
    @CurrentTenant() tenant: Tenant,
    @Param('officeId', UuidPipe) officeId: string,
    @Query() query: CancelAffectedQuery,
    @CurrentAdmin() actor: AdminActor,
  ): Promise<AffectedBookingsResponse> {
    return { affectedBookings: await this.handler.execute(tenant, officeId, query.cancelAffected === 'true', actor) };
  }
}
