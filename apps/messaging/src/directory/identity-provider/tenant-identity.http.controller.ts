import { Body, Delete, Get, HttpCode, Param, Put } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiUnauthorizedResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { type AdminActor, Authenticated, CurrentAdmin, ProblemResponse, TenantRoute } from '@amtsweg/platform';
import { messagingRoute } from '../../http/messaging-route';
import { TenantIdentityErrors, TenantIdentityHandler } from './tenant-identity.handler';
import { ConfigureTenantIdentityRequest } from './tenant-identity.request.dto';
import { identityView, TenantIdentityResponse, TenantSignInResponse } from './tenant-identity.response.dto';

/**
 * The municipality's own OpenID Connect issuer (tenant-admin of the tenant, or provider-admin): its
 * tokens sign in the people of this tenant only, matched by their verified e-mail address.
 */
@TenantRoute('identity', { ...messagingRoute('identity'), signedIn: 'per route' })
export class TenantIdentityHttpController {
  constructor(private readonly handler: TenantIdentityHandler) {}

  @Put()
  @Authenticated('tenant-admin', 'provider-admin')
  @ApiOperation({
    summary: "Configure the municipality's identity provider (tenant-admin, provider-admin)",
    description:
      'Replaces the configuration. Publishes `tenant.identity-configured`. 409 `IDENTITY.ISSUER_TAKEN` when another municipality has the issuer; ' +
      '422 `IDENTITY.INVALID_ISSUER` (https only; http for localhost outside production), `IDENTITY.INVALID_ROLE_MAPPING`.',
  })
  @ApiOkResponse({ type: TenantIdentityResponse })
  @ApiUnauthorizedResponse({ description: 'No or invalid bearer token', type: ProblemResponse })
  @ApiConflictResponse({ description: '`IDENTITY.ISSUER_TAKEN`', type: ProblemResponse })
  @ApiUnprocessableEntityResponse({ description: '`IDENTITY.INVALID_ISSUER`, `IDENTITY.INVALID_ROLE_MAPPING`', type: ProblemResponse })
  async put(
    @Param('tenant') tenant: string,
    @Body() body: ConfigureTenantIdentityRequest,
    @CurrentAdmin() actor: AdminActor,
  ): Promise<TenantIdentityResponse> {
    return identityView(await this.handler.put(tenant, body, actor));
  }

  @Get()
  @Authenticated('tenant-admin', 'provider-admin')
  @ApiOperation({ summary: "The municipality's identity provider (tenant-admin, provider-admin); 404 `IDENTITY.NOT_CONFIGURED` when none" })
  @ApiOkResponse({ type: TenantIdentityResponse })
  @ApiUnauthorizedResponse({ description: 'No or invalid bearer token', type: ProblemResponse })
  async get(@Param('tenant') tenant: string): Promise<TenantIdentityResponse> {
    const identity = await this.handler.find(tenant);
    if (!identity) throw TenantIdentityErrors.notConfigured();
    return identityView(identity);
  }

  @Delete()
  @HttpCode(204)
  @Authenticated('tenant-admin', 'provider-admin')
  @ApiOperation({
    summary: "Remove the municipality's identity provider (tenant-admin, provider-admin): its tokens are refused from then on",
    description: 'Publishes `tenant.identity-removed`. 404 `IDENTITY.NOT_CONFIGURED` when none.',
  })
  @ApiNoContentResponse()
  @ApiUnauthorizedResponse({ description: 'No or invalid bearer token', type: ProblemResponse })
  async remove(@Param('tenant') tenant: string, @CurrentAdmin() actor: AdminActor): Promise<void> {
    await this.handler.remove(tenant, actor);
  }

  @Get('sign-in')
  @ApiOperation({
    summary: 'Where the sign-in page sends a person of this municipality (public): the issuer and the public client, nothing secret',
    description: '404 `IDENTITY.NOT_CONFIGURED` when the municipality signs in with the platform issuer only.',
  })
  @ApiOkResponse({ type: TenantSignInResponse })
  async signIn(@Param('tenant') tenant: string): Promise<TenantSignInResponse> {
    const identity = await this.handler.find(tenant);
    if (!identity) throw TenantIdentityErrors.notConfigured();
    return { issuer: identity.issuer, clientId: identity.clientId };
  }
}
