import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { PlatformConfig } from '@amtsweg/platform';
import { GatewayConfig } from '../gateway.config';
import { OidcDiscovery } from './oidc-discovery';

export class WebConfigResponse {
  @ApiProperty({
    enum: ['demo', 'oidc', 'unavailable'],
    description: 'demo: pick a demo user (development); oidc: authorization code flow with PKCE; unavailable: no client id configured',
  })
  signIn: 'demo' | 'oidc' | 'unavailable';
  @ApiPropertyOptional() clientId?: string;
  @ApiPropertyOptional() authorizationEndpoint?: string;
  @ApiPropertyOptional() tokenEndpoint?: string;
  @ApiPropertyOptional({ example: 'openid profile email' }) scope?: string;
}

/** What the web pages need to know to sign staff in: nothing secret (the client is public). */
@ApiTags('web')
@Controller('api/v1/web-config')
export class WebConfigHttpController {
  constructor(
    private readonly platform: PlatformConfig,
    private readonly gateway: GatewayConfig,
    private readonly discovery: OidcDiscovery,
  ) {}

  @Get()
  @ApiOperation({ summary: 'How the web pages sign staff in' })
  @ApiOkResponse({ type: WebConfigResponse })
  async get(): Promise<WebConfigResponse> {
    if (this.platform.usesDevIssuer) return { signIn: 'demo' };
    if (!this.gateway.OIDC_CLIENT_ID) return { signIn: 'unavailable' };
    return { signIn: 'oidc', clientId: this.gateway.OIDC_CLIENT_ID, scope: 'openid profile email', ...(await this.discovery.endpoints()) };
  }
}
