import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { ScimErrors } from './scim-errors';
import { ScimTokens } from './tokens/scim-tokens';

/**
 * The SCIM routes' only authentication: a SCIM token of the path's tenant. A person's JWT is no
 * SCIM token (401), whatever its roles: provisioning is the identity manager's, not a person's.
 */
@Injectable()
export class ScimTokenGuard implements CanActivate {
  constructor(private readonly tokens: ScimTokens) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<Request>();
    const header = request.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer\s+([A-Za-z0-9_-]{20,100})$/i.exec(header) : null;
    const tenant = request.params?.tenant;
    if (!match || typeof tenant !== 'string' || !(await this.tokens.verify(tenant, match[1]))) throw ScimErrors.unauthorized();
    return true;
  }
}
