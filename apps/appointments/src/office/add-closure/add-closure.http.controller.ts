import { Authenticated, CurrentAdmin, ProblemResponse, TenantRoute, UuidPipe, type AdminActor } from '@amtsweg/platform';
import { Body, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiOperation,
  ApiProperty,
  ApiUnauthorizedResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { appointmentsRoute } from '../../http/appointments-route';
import { CurrentTenant } from '../../tenancy/known-tenant.guard';
import type { Tenant } from '../../tenancy/tenant';
import { AFFECTED_BOOKINGS_CONFLICT, AffectedBookingsResponse } from '../affected-bookings.response.dto';
import { AddClosureHandler } from './add-closure.handler';
import { AddClosureRequest } from './add-closure.request.dto';

export class ClosureResponse extends AffectedBookingsResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: '2026-12-24' }) firstDay: string;
  @ApiProperty({ example: '2026-12-31' }) lastDay: string;
  @ApiProperty({ example: 'Betriebsausflug' }) reason: string;
}

@TenantRoute('offices', appointmentsRoute('offices'))
export class AddClosureHttpController {
  constructor(private readonly handler: AddClosureHandler) {}

  @Post(':officeId/closures')
  @HttpCode(201)
  @Authenticated('tenant-admin')
  @ApiOperation({
    summary: 'Close an office for some days',
    description: "Both days included. Public holidays of the tenant's federal state close every office anyway.",
  })
  @ApiCreatedResponse({ type: ClosureResponse })
  @ApiUnauthorizedResponse({ description: 'No or invalid bearer token', type: ProblemResponse })
  @ApiForbiddenResponse({ description: 'Not a tenant admin', type: ProblemResponse })
  @ApiConflictResponse({ description: AFFECTED_BOOKINGS_CONFLICT, type: ProblemResponse })
  @ApiUnprocessableEntityResponse({ description: '`CLOSURE.RANGE_INVERTED`, `CLOSURE.TOO_LONG`', type: ProblemResponse })
  async add(
    @CurrentTenant() tenant: Tenant,
    @Param('officeId', UuidPipe) officeId: string,
    @Body() body: AddClosureRequest,
    @CurrentAdmin() actor: AdminActor,
  ): Promise<ClosureResponse> {
    return this.handler.execute({
      tenant,
      officeId,
      firstDay: body.firstDay,
      lastDay: body.lastDay,
      reason: body.reason,
      cancelAffected: body.cancelAffected === true,
      actor,
    });
  }
}
