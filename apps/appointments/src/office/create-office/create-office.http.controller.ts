import { Authenticated, CurrentAdmin, ProblemResponse, TenantRoute, type AdminActor } from '@amtsweg/platform';
import { Body, HttpCode, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiForbiddenResponse, ApiOperation, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { appointmentsRoute } from '../../http/appointments-route';
import { CurrentTenant } from '../../tenancy/known-tenant.guard';
import type { Tenant } from '../../tenancy/tenant';
import { OfficeResponse, officeResponse } from '../list-offices/list-offices.http.controller';
import { draftOf } from '../office-draft';
import { OfficeRequest } from '../office.request.dto';
import { CreateOfficeHandler } from './create-office.handler';

@TenantRoute('offices', appointmentsRoute('offices'))
export class CreateOfficeHttpController {
  constructor(private readonly handler: CreateOfficeHandler) {}

  @Post()
  @HttpCode(201)
  @Authenticated('tenant-admin')
  @ApiOperation({ summary: 'Open an office', description: 'With its weekly hours and counters; it offers the services that name it.' })
  @ApiCreatedResponse({ type: OfficeResponse })
  @ApiUnauthorizedResponse({ description: 'No or invalid bearer token', type: ProblemResponse })
  @ApiForbiddenResponse({ description: 'Not a tenant admin', type: ProblemResponse })
  async create(@CurrentTenant() tenant: Tenant, @Body() body: OfficeRequest, @CurrentAdmin() actor: AdminActor): Promise<OfficeResponse> {
    return officeResponse(await this.handler.execute({ tenant, office: draftOf(body), actor }));
  }
}
