import { Authenticated, CurrentAdmin, ProblemResponse, type AdminActor } from '@amtsweg/platform';
import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { TenantResponse, tenantResponse } from '../tenant.response.dto';
import { CreateTenantHandler } from './create-tenant.handler';
import { CreateTenantRequest } from './create-tenant.request.dto';

/** Provider route: the IT service provider puts a municipality on amtsweg. */
@ApiTags('tenants')
@Controller('api/v1/tenants')
export class CreateTenantHttpController {
  constructor(private readonly handler: CreateTenantHandler) {}

  @Post()
  @HttpCode(201)
  @Authenticated('provider-admin')
  @ApiOperation({
    summary: 'Create a municipality',
    description: 'With the default booking rules; every service learns it from `tenant.created`.',
  })
  @ApiCreatedResponse({ type: TenantResponse })
  @ApiUnauthorizedResponse({ description: 'No or invalid bearer token', type: ProblemResponse })
  @ApiForbiddenResponse({ description: 'Not a provider-admin (`AUTH.ROLE_REQUIRED`)', type: ProblemResponse })
  @ApiConflictResponse({ description: '`TENANT.SLUG_TAKEN`', type: ProblemResponse })
  @ApiUnprocessableEntityResponse({
    description: '`TENANT.SLUG_INVALID` (not 2–63 of a-z, 0-9, "-"), `TENANT.SLUG_RESERVED` (a path of the web pages or the system)',
    type: ProblemResponse,
  })
  async create(@Body() body: CreateTenantRequest, @CurrentAdmin() actor: AdminActor): Promise<TenantResponse> {
    return tenantResponse(await this.handler.execute({ ...body, actor }));
  }
}
