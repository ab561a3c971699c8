import { Authenticated, CurrentAdmin, ProblemResponse, TenantRoute, type AdminActor } from '@amtsweg/platform';
import { Body, HttpCode, Post } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiOperation,
  ApiUnauthorizedResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { appointmentsRoute } from '../../http/appointments-route';
import { CurrentTenant } from '../../tenancy/known-tenant.guard';
import type { Tenant } from '../../tenancy/tenant';
import { parseOffsetDateTime } from '../../time/offset-date-time';
import { ReleaseResponse, releaseResponse } from '../release.response.dto';
import { AnnounceReleaseHandler } from './announce-release.handler';
import { AnnounceReleaseRequest } from './announce-release.request.dto';

@TenantRoute('releases', appointmentsRoute('releases'))
export class AnnounceReleaseHttpController {
  constructor(private readonly handler: AnnounceReleaseHandler) {}

  @Post()
  @HttpCode(201)
  @Authenticated('tenant-admin')
  @ApiOperation({
    summary: 'Release new capacity as a draw',
    description:
      'From now on the free slots of the service at these offices in [slotsFrom, slotsTo) are not booked first-come; requests are collected until `requestsUntil`, then drawn.',
  })
  @ApiCreatedResponse({ type: ReleaseResponse })
  @ApiUnauthorizedResponse({ description: 'No or invalid bearer token', type: ProblemResponse })
  @ApiForbiddenResponse({ description: 'Not a tenant admin', type: ProblemResponse })
  @ApiUnprocessableEntityResponse({
    description: '`RELEASE.REQUESTS_UNTIL_PAST`, `SLOTS_BEFORE_DRAW`, `RANGE_INVERTED`, `RANGE_TOO_LONG`',
    type: ProblemResponse,
  })
  async announce(
    @CurrentTenant() tenant: Tenant,
    @Body() body: AnnounceReleaseRequest,
    @CurrentAdmin() actor: AdminActor,
  ): Promise<ReleaseResponse> {
    const { release, timeZone } = await this.handler.execute({
      tenant,
      serviceId: body.serviceId,
      officeIds: body.officeIds,
      slotsFrom: parseOffsetDateTime(body.slotsFrom)!,
      slotsTo: parseOffsetDateTime(body.slotsTo)!,
      requestsUntil: parseOffsetDateTime(body.requestsUntil)!,
      actor,
    });
    return releaseResponse(release, timeZone);
  }
}
