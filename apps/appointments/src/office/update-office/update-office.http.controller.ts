import { Authenticated, CurrentAdmin, ProblemResponse, TenantRoute, UuidPipe, type AdminActor } from '@amtsweg/platform';
import { Body, Param, Patch } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiUnauthorizedResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { appointmentsRoute } from '../../http/appointments-route';
import { CurrentTenant } from '../../tenancy/known-tenant.guard';
import type { Tenant } from '../../tenancy/tenant';
import { AFFECTED_BOOKINGS_CONFLICT, AffectedBookingResponse } from '../affected-bookings.response.dto';
import { OfficeResponse, officeResponse } from '../list-offices/list-offices.http.controller';
import { UpdateOfficeRequest } from '../office.request.dto';
import { UpdateOfficeHandler } from './update-office.handler';

export class UpdatedOfficeResponse extends OfficeResponse {
  @ApiProperty({ type: [AffectedBookingResponse], description: 'Bookings the change cancelled (cancelAffected: true)' })
  affectedBookings: AffectedBookingResponse[];
}

@TenantRoute('offices', appointmentsRoute('offices'))
export class UpdateOfficeHttpController {
  constructor(private readonly handler: UpdateOfficeHandler) {}

  @Patch(':officeId')
  @Authenticated('tenant-admin')
  @ApiOperation({
    summary: 'Change an office',
    description: 'Only the fields sent change; `openingHours` replaces the week. Bookings that no longer fit are never dropped silently.',
  })
  @ApiOkResponse({ type: UpdatedOfficeResponse })
  @ApiUnauthorizedResponse({ description: 'No or invalid bearer token', type: ProblemResponse })
  @ApiForbiddenResponse({ description: 'Not a tenant admin', type: ProblemResponse })
  @ApiConflictResponse({ description: AFFECTED_BOOKINGS_CONFLICT, type: ProblemResponse })
  @ApiUnprocessableEntityResponse({
    description: '`OFFICE.GRID_DOES_NOT_FIT_SERVICES`: a service offered here is no multiple of the new grid',
    type: ProblemResponse,
  })
  async update(
    @CurrentTenant() tenant: Tenant,
    @Param('officeId', UuidPipe) officeId: string,
    @Body() body: UpdateOfficeRequest,
    @CurrentAdmin() actor: AdminActor,
  ): Promise<UpdatedOfficeResponse> {
    const { office, affectedBookings } = await this.handler.execute(tenant, officeId, body, actor);
    return { ...officeResponse(office), affectedBookings };
  }
}
