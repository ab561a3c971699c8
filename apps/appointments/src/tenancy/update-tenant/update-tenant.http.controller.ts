import { Authenticated, CurrentAdmin, ProblemResponse, type AdminActor } from '@amtsweg/platform';
import { Body, Controller, Param, Patch } from '@nestjs/common';
import {
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { TenantResponse, tenantResponse } from '../tenant.response.dto';
import { UpdateTenantHandler } from './update-tenant.handler';
import { UpdateTenantRequest } from './update-tenant.request.dto';

/**
 * Provider route: rename, suspend or reactivate a municipality. Not behind KnownTenantGuard, which
 * refuses a suspended tenant: this is where it is reactivated.
 */
@ApiTags('tenants')
@Controller('api/v1/tenants')
export class UpdateTenantHttpController {
  constructor(private readonly handler: UpdateTenantHandler) {}

  @Patch(':tenant')
  @Authenticated('provider-admin')
  @ApiOperation({ summary: 'Rename, suspend or reactivate a municipality', description: 'Every service learns it from `tenant.updated`.' })
  @ApiParam({ name: 'tenant', description: 'The municipality, e.g. `demo`', example: 'demo' })
  @ApiOkResponse({ type: TenantResponse })
  @ApiUnauthorizedResponse({ description: 'No or invalid bearer token', type: ProblemResponse })
  @ApiForbiddenResponse({ description: 'Not a provider-admin (`AUTH.ROLE_REQUIRED`)', type: ProblemResponse })
  @ApiNotFoundResponse({ description: '`TENANT.NOT_FOUND`', type: ProblemResponse })
  async update(
    @Param('tenant') slug: string,
    @Body() body: UpdateTenantRequest,
    @CurrentAdmin() actor: AdminActor,
  ): Promise<TenantResponse> {
    return tenantResponse(await this.handler.execute({ slug, name: body.name, suspended: body.suspended, actor }));
  }
}
