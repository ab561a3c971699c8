import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { AddressRateLimit, AuthGuard, tooManyRequests } from '@amtsweg/platform';
import type { Request } from 'express';
import { SignaturesConfig } from '../../signatures.config';

/**
 * Anyone may verify a document they received, so verification answers without a sign-in — but a
 * verification holds a worker thread for up to seconds, so an address without a token gets
 * SIGNATURES_PUBLIC_VERIFY_PER_MINUTE of them (across tenants: a caller cannot multiply the limit
 * by naming other tenants). A bearer token, when sent, is checked as on every signed-in route
 * (AuthGuard: 401, or 404 for another tenant's token); its holder is not counted — a town hall's
 * staff share one address.
 */
@Injectable()
export class PublicVerificationGuard implements CanActivate {
  constructor(
    private readonly signedIn: AuthGuard,
    private readonly limits: AddressRateLimit,
    private readonly config: SignaturesConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<Request>();
    if (request.headers.authorization !== undefined) return this.signedIn.canActivate(context);
    const retryAfter = this.limits.take(`public verification ${request.ip ?? ''}`, this.config.SIGNATURES_PUBLIC_VERIFY_PER_MINUTE);
    if (retryAfter !== undefined) throw tooManyRequests(retryAfter);
    return true;
  }
}
