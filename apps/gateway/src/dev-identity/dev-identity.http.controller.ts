import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { DomainError, PlatformConfig } from '@amtsweg/platform';
import { DEMO_USERS } from '@amtsweg/platform';

@ApiTags('development')
@Controller()
export class DevIdentityController {
  constructor(private readonly config: PlatformConfig) {}

  @Get('api/v1/dev/users')
  @ApiOperation({ summary: 'The seeded demo users the sign-in page offers (refused in production)' })
  users(): Array<{ email: string; name: string; tenant: string; roles: string[] }> {
    this.refuseOutsideDevelopment();
    // The token itself comes from messaging, which holds the directory (POST /api/v1/dev/token).
    return DEMO_USERS.map(({ email, name, tenant, roles }) => ({ email, name, tenant, roles: [...roles] }));
  }

  private refuseOutsideDevelopment(): void {
    if (!this.config.usesDevIssuer) throw DomainError.notFound('DEV.DISABLED', 'Development routes are not available here.');
  }
}
