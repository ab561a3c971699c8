import { Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { TenantRoute } from '@amtsweg/platform';
import { appointmentsRoute } from '../../http/appointments-route';
import { CurrentTenant } from '../../tenancy/known-tenant.guard';
import type { Tenant } from '../../tenancy/tenant';
import { ReleaseResponse, releaseResponse } from '../release.response.dto';
import { ListReleasesHandler } from './list-releases.handler';

@TenantRoute('releases', appointmentsRoute('releases'))
export class ListReleasesHttpController {
  constructor(private readonly handler: ListReleasesHandler) {}

  @Get()
  @ApiOperation({
    summary: 'When and how new capacity is released',
    description:
      'Releases still collecting requests (their slots are not booked first-come; ask for one with `POST /releases/{id}/requests`) and those drawn in the last 30 days, by draw time. Every result is published at `requestsUntil`.',
  })
  @ApiOkResponse({ type: [ReleaseResponse] })
  async list(@CurrentTenant() tenant: Tenant): Promise<ReleaseResponse[]> {
    return (await this.handler.execute(tenant)).map(({ release, timeZone }) => releaseResponse(release, timeZone));
  }
}
