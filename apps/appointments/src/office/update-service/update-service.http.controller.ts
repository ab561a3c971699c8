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
import { AffectedBookingResponse } from '../affected-bookings.response.dto';
import { SERVICE_UNPROCESSABLE } from '../create-service/create-service.http.controller';
import { ServiceResponse, serviceResponse } from '../list-services/list-services.http.controller';
import { UpdateServiceRequest } from '../service.request.dto';
import { UpdateServiceHandler } from './update-service.handler';

export class UpdatedServiceResponse extends ServiceResponse {
  @ApiProperty({ type: [AffectedBookingResponse], description: 'Bookings the change cancelled (cancelAffected: true)' })
  affectedBookings: AffectedBookingResponse[];
}

export const SERVICE_BOOKINGS_CONFLICT =
  '`SERVICE.BOOKINGS_AFFECTED`: bookings ahead would lose their office; the problem lists them in `affectedBookings` — send `cancelAffected` to cancel them';

@TenantRoute('services', appointmentsRoute('offices'))
export class UpdateServiceHttpController {
  constructor(private readonly handler: UpdateServiceHandler) {}

  @Patch(':serviceId')
  @Authenticated('tenant-admin')
  @ApiOperation({ summary: 'Change a service', description: 'Only the fields sent change; `officeIds` and `documents` replace the lists.' })
  @ApiOkResponse({ type: UpdatedServiceResponse })
  @ApiUnauthorizedResponse({ description: 'No or invalid bearer token', type: ProblemResponse })
  @ApiForbiddenResponse({ description: 'Not a tenant admin', type: ProblemResponse })
  @ApiConflictResponse({ description: SERVICE_BOOKINGS_CONFLICT, type: ProblemResponse })
  @ApiUnprocessableEntityResponse({ description: SERVICE_UNPROCESSABLE, type: ProblemResponse })
  async update(
    @CurrentTenant() tenant: Tenant,
    @Param('serviceId', UuidPipe) serviceId: string,
    @Body() body: UpdateServiceRequest,
    @CurrentAdmin() actor: AdminActor,
  ): Promise<UpdatedServiceResponse> {
    const { service, affectedBookings } = await this.handler.execute(tenant, serviceId, body, actor);
    return { ...serviceResponse(service), affectedBookings };
  }
}
