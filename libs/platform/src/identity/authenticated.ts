import {
  applyDecorators,
  CanActivate,
  createParamDecorator,
  ExecutionContext,
  Inject,
  Injectable,
  Optional,
  SetMetadata,
  UseGuards,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiBearerAuth } from '@nestjs/swagger';
import type { Request } from 'express';
import { DomainError } from '../http/problem';
import { DeactivatedPeople } from './person-status';
import { isProviderPrincipal, type Principal, type ProviderPrincipal, type Role } from './principal';
import { providerAdminNotAllowed, TokenVerifier } from './token-verifier';

/** Where `@Authenticated(...roles)` keeps its roles: the guard reads it, and so does the access-matrix suite. */
export const REQUIRED_ROLES_METADATA = 'amtsweg:required-roles';
export const TOKEN_VERIFIER = Symbol('TOKEN_VERIFIER');

type AuthenticatedRequest = Request & { principal?: Principal; providerAdmin?: ProviderPrincipal };

/**
 * Requires a valid bearer token; with roles, one of them. A token for another tenant than the
 * `:tenant` in the path gets 404 — as if the resource did not exist (ARCHITECTURE.md).
 * A provider-admin (no tenant) passes only where the roles name `provider-admin`, and every other
 * route answers them 403 `AUTH.PROVIDER_ADMIN_NOT_ALLOWED` — even one open to every signed-in user.
 */
export function Authenticated(...roles: Role[]): MethodDecorator & ClassDecorator {
  return applyDecorators(SetMetadata(REQUIRED_ROLES_METADATA, roles), UseGuards(AuthGuard), ApiBearerAuth());
}

@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    @Inject(TOKEN_VERIFIER) private readonly verifier: TokenVerifier,
    private readonly reflector: Reflector,
    @Optional() private readonly deactivated?: DeactivatedPeople,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const caller = await bearerCaller(request, this.verifier);
    const roles = this.reflector.getAllAndOverride<Role[]>(REQUIRED_ROLES_METADATA, [context.getHandler(), context.getClass()]) ?? [];
    if (isProviderPrincipal(caller)) {
      if (!roles.includes('provider-admin')) throw providerAdminNotAllowed();
      // Kept on the request for whoever needs the operator's id (the admin audit of a later slice).
      request.providerAdmin = caller;
      return true;
    }
    const tenant = request.params?.tenant;
    if (typeof tenant === 'string' && tenant !== caller.tenant) throw DomainError.notFound('TENANT.NOT_FOUND', 'No such resource.');
    await this.deactivated?.assertActive(caller.tenant, caller.userId);
    // A tenant's token never holds `provider-admin` (TokenVerifier), so a provider route refuses it here.
    if (roles.length > 0 && !roles.some((role) => caller.roles.includes(role))) {
      throw DomainError.forbidden('AUTH.ROLE_REQUIRED', `This action needs one of the roles: ${roles.join(', ')}.`);
    }
    request.principal = caller;
    return true;
  }
}

/** The caller the request's bearer token names: 401 without one, or with one that fails verification. */
export async function bearerCaller(request: Request, verifier: TokenVerifier): Promise<Principal | ProviderPrincipal> {
  const header = request.headers.authorization;
  const match = typeof header === 'string' ? /^Bearer\s+([A-Za-z0-9._~+/=-]+)$/i.exec(header) : null;
  if (!match)
    throw new DomainError(401, 'AUTH.MISSING_TOKEN', 'This request needs a bearer token.', undefined, { 'WWW-Authenticate': 'Bearer' });
  return verifier.verifyCaller(match[1]);
}

/** The verified caller of an `@Authenticated` route. */
export const CurrentPrincipal = createParamDecorator((_data: unknown, context: ExecutionContext): Principal => {
  const principal = context.switchToHttp().getRequest<AuthenticatedRequest>().principal;
  if (!principal) throw new Error('CurrentPrincipal used on a route without @Authenticated');
  return principal;
});

/**
 * The verified caller of a route open to tenant roles and `provider-admin` alike: a person of the
 * path's tenant, or an operator of the provider (no tenant — the route decides what they may do).
 */
export const CurrentCaller = createParamDecorator((_data: unknown, context: ExecutionContext): Principal | ProviderPrincipal => {
  const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
  const caller = request.principal ?? request.providerAdmin;
  if (!caller) throw new Error('CurrentCaller used on a route without @Authenticated');
  return caller;
});
