import { Authenticated, CurrentAdmin, ProblemResponse, TenantRoute, type AdminActor } from '@amtsweg/platform';
import { Body, Get, Put } from '@nestjs/common';
import { ApiForbiddenResponse, ApiOkResponse, ApiOperation, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { appointmentsRoute } from '../http/appointments-route';
import { CurrentTenant } from '../tenancy/known-tenant.guard';
import type { Tenant, TenantSettings } from '../tenancy/tenant';
import { BookingSettingsHandler } from './booking-settings.handler';
import { BookingSettingsRequest } from './booking-settings.request.dto';

@TenantRoute('booking-settings', appointmentsRoute('booking-settings'))
export class BookingSettingsHttpController {
  constructor(private readonly handler: BookingSettingsHandler) {}

  @Get()
  @Authenticated('tenant-admin')
  @ApiOperation({ summary: "The municipality's booking rules" })
  @ApiOkResponse({ type: BookingSettingsRequest })
  @ApiUnauthorizedResponse({ description: 'No or invalid bearer token', type: ProblemResponse })
  @ApiForbiddenResponse({ description: 'Not a tenant admin', type: ProblemResponse })
  read(@CurrentTenant() tenant: Tenant): TenantSettings {
    return { ...tenant.settings };
  }

  @Put()
  @Authenticated('tenant-admin')
  @ApiOperation({ summary: "Replace the municipality's booking rules", description: 'Every field; null switches a measure off.' })
  @ApiOkResponse({ type: BookingSettingsRequest })
  @ApiUnauthorizedResponse({ description: 'No or invalid bearer token', type: ProblemResponse })
  @ApiForbiddenResponse({ description: 'Not a tenant admin', type: ProblemResponse })
  async replace(
    @CurrentTenant() tenant: Tenant,
    @Body() body: BookingSettingsRequest,
    @CurrentAdmin() actor: AdminActor,
  ): Promise<TenantSettings> {
    return this.handler.replace(tenant, body, actor);
  }
}
