import { Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  Authenticated,
  CurrentAdmin,
  CurrentPrincipal,
  type AdminActor,
  DomainError,
  type Principal,
  TenantRoute,
  UuidPipe,
} from '@amtsweg/platform';
import { messagingRoute } from '../../http/messaging-route';
import { ScimTokens } from './scim-tokens';

class ScimTokenCreatedResponse {
  @ApiProperty() id: string;
  @ApiProperty({ description: 'The bearer token for the SCIM client (Entra ID: "Secret Token"). Shown only in this answer.' })
  token: string;
}

class ScimTokenResponse {
  @ApiProperty() id: string;
  @ApiProperty() createdAt: string;
  @ApiProperty({ description: 'The id of the tenant-admin who created it' }) createdBy: string;
  @ApiPropertyOptional() lastUsedAt?: string;
}

/** The tokens a municipality's identity manager provisions people with (SCIM, `…/scim/v2`). */
@TenantRoute('scim-tokens', messagingRoute('scim'))
@Authenticated('tenant-admin')
export class ScimTokensHttpController {
  constructor(private readonly tokens: ScimTokens) {}

  @Post()
  @ApiOperation({ summary: 'Create a SCIM token (tenant-admin): the token is shown once and stored only as its hash' })
  @ApiCreatedResponse({ type: ScimTokenCreatedResponse })
  create(@CurrentPrincipal() caller: Principal, @CurrentAdmin() actor: AdminActor): Promise<ScimTokenCreatedResponse> {
    return this.tokens.issue(caller.tenant, actor);
  }

  @Get()
  @ApiOperation({ summary: 'The SCIM tokens of the municipality (tenant-admin), never the tokens themselves' })
  @ApiOkResponse({ type: ScimTokenResponse, isArray: true })
  async list(@CurrentPrincipal() caller: Principal): Promise<ScimTokenResponse[]> {
    return (await this.tokens.list(caller.tenant)).map((token) => ({
      id: token.id,
      createdAt: token.createdAt.toISOString(),
      createdBy: token.createdBy,
      ...(token.lastUsedAt ? { lastUsedAt: token.lastUsedAt.toISOString() } : {}),
    }));
  }

  @Delete(':tokenId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke a SCIM token (tenant-admin): the SCIM client is refused with 401 from now on' })
  @ApiNoContentResponse()
  async revoke(
    @CurrentPrincipal() caller: Principal,
    @Param('tokenId', UuidPipe) tokenId: string,
    @CurrentAdmin() actor: AdminActor,
  ): Promise<void> {
    if (!(await this.tokens.revoke(caller.tenant, tokenId, actor)))
      throw DomainError.notFound('SCIM_TOKEN.NOT_FOUND', 'There is no such SCIM token in this municipality.');
  }
}
