import { ProblemResponse, TenantRoute, UUID_PATTERN } from '@amtsweg/platform';
import { Body, Get, Header, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiQuery } from '@nestjs/swagger';
import type { DataSource } from 'typeorm';
import { APPOINTMENTS_DATA_SOURCE } from '../../appointments.database';
import { manageTokenMatches } from '../../booking/manage-token';
import { RateLimitedByAddress } from '../../bot-resistance/address-rate-limit';
import { GuardedByProofOfWork } from '../../bot-resistance/proof-of-work.guard';
import { appointmentsRoute } from '../../http/appointments-route';
import { StatedPreferencesRequest, statedPreferences } from '../../preferences/stated-preferences.request.dto';
import { CurrentTenant } from '../../tenancy/known-tenant.guard';
import type { Tenant } from '../../tenancy/tenant';
import type { ReleaseRequest } from '../release';
import { ReleaseRepository } from '../release.repository';
import { EnterReleaseHandler, ReleaseErrors } from './enter-release.handler';

export class ReleaseRequestResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) releaseId: string;
  @ApiProperty({ enum: ['entered', 'won', 'lost'], description: 'Until the draw `entered`; then everyone’s result at the same moment' })
  status: ReleaseRequest['status'];
}

export class ReleaseRequestCreatedResponse extends ReleaseRequestResponse {
  @ApiProperty({ description: 'The key to see the result: shown once, stored only as a hash.' }) manageToken: string;
}

const response = (request: ReleaseRequest): ReleaseRequestResponse => ({
  id: request.id,
  releaseId: request.releaseId,
  status: request.status,
});

@TenantRoute('releases', appointmentsRoute('releases'))
export class EnterReleaseHttpController {
  constructor(
    private readonly handler: EnterReleaseHandler,
    private readonly releases: ReleaseRepository,
    @Inject(APPOINTMENTS_DATA_SOURCE) private readonly dataSource: DataSource,
  ) {}

  @Post(':releaseId/requests')
  @HttpCode(201)
  @RateLimitedByAddress()
  @GuardedByProofOfWork()
  @ApiOperation({
    summary: 'Ask for a slot of a release',
    description:
      'Collected until the draw; the moment of asking does not count. The result (a booking to confirm by mail, or none) is mailed to everyone at the same moment.',
  })
  @ApiCreatedResponse({ type: ReleaseRequestCreatedResponse })
  @ApiConflictResponse({ description: '`RELEASE.CLOSED`, `RELEASE.ALREADY_ENTERED`', type: ProblemResponse })
  async enter(
    @CurrentTenant() tenant: Tenant,
    @Param('releaseId') releaseId: string,
    @Body() body: StatedPreferencesRequest,
  ): Promise<ReleaseRequestCreatedResponse> {
    const { request, manageToken } = await this.handler.execute({
      tenant,
      releaseId,
      preferences: statedPreferences(body),
      citizen: { name: body.citizen.name, email: body.citizen.email },
    });
    return { ...response(request), manageToken };
  }

  @Get(':releaseId/requests/:id')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'A request of a release and its result, opened with its id and token' })
  @ApiQuery({ name: 'token', required: true })
  @ApiOkResponse({ type: ReleaseRequestResponse })
  async view(
    @CurrentTenant() tenant: Tenant,
    @Param('releaseId') releaseId: string,
    @Param('id') id: string,
    @Query('token') token: unknown,
  ): Promise<ReleaseRequestResponse> {
    const valid = UUID_PATTERN.test(releaseId) && UUID_PATTERN.test(id);
    const request = valid
      ? await this.releases.findRequest(this.dataSource.manager, tenant.slug, releaseId.toLowerCase(), id.toLowerCase())
      : undefined;
    // Compared even for an unknown id, so both answers take the same time.
    const matches = manageTokenMatches(token, request?.manageTokenSha256);
    if (!request || !matches) throw ReleaseErrors.requestNotFound();
    return response(request);
  }
}
