import type { AdminActor } from '@amtsweg/platform';
import { createParamDecorator, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
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
    const tokenId = match && typeof tenant === 'string' ? await this.tokens.verify(tenant, match[1]) : undefined;
    if (!tokenId) throw ScimErrors.unauthorized();
    (request as ScimRequest).scimTokenId = tokenId;
    return true;
  }
}

type ScimRequest = Request & { scimTokenId?: string };

/** The SCIM client of a route behind ScimTokenGuard as the admin audit names it: its token's id, role `scim`. */
export const ScimClient = createParamDecorator((_data: unknown, context: ExecutionContext): AdminActor => {
  const tokenId = context.switchToHttp().getRequest<ScimRequest>().scimTokenId;
  if (!tokenId) throw new Error('ScimClient used on a route without ScimTokenGuard');
  return { userId: tokenId, role: 'scim' };
});
