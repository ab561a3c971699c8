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
import { ServiceResponse, serviceResponse } from '../list-services/list-services.http.controller';
import { serviceDraftOf } from '../service-draft';
import { ServiceRequest } from '../service.request.dto';
import { CreateServiceHandler } from './create-service.handler';

export const SERVICE_UNPROCESSABLE = '`SERVICE.UNKNOWN_OFFICE`, `SERVICE.DURATION_OFF_GRID` (not a multiple of an office’s slot grid)';

@TenantRoute('services', appointmentsRoute('offices'))
export class CreateServiceHttpController {
  constructor(private readonly handler: CreateServiceHandler) {}

  @Post()
  @HttpCode(201)
  @Authenticated('tenant-admin')
  @ApiOperation({ summary: 'Offer a service', description: 'Bookable at the offices it lists, sharing their counters.' })
  @ApiCreatedResponse({ type: ServiceResponse })
  @ApiUnauthorizedResponse({ description: 'No or invalid bearer token', type: ProblemResponse })
  @ApiForbiddenResponse({ description: 'Not a tenant admin', type: ProblemResponse })
  @ApiUnprocessableEntityResponse({ description: SERVICE_UNPROCESSABLE, type: ProblemResponse })
  async create(@CurrentTenant() tenant: Tenant, @Body() body: ServiceRequest, @CurrentAdmin() actor: AdminActor): Promise<ServiceResponse> {
    return serviceResponse(await this.handler.execute({ tenant, service: serviceDraftOf(body), actor }));
  }
}
