import { applyDecorators, Injectable, UseGuards, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiForbiddenResponse, ApiHeader } from '@nestjs/swagger';
import type { Request } from 'express';
import type { Tenant } from '../tenancy/tenant';
import { ProofOfWork } from './proof-of-work';
import { ProblemResponse } from '@amtsweg/platform';

/** Where the tenant asks for it, a write request carries a solved, unused challenge. */
@Injectable()
export class ProofOfWorkGuard implements CanActivate {
  constructor(private readonly proofOfWork: ProofOfWork) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<Request & { tenant?: Tenant }>();
    if (request.tenant?.settings.proofOfWorkMaxNumber == null) return true;
    await this.proofOfWork.spend(request.headers['x-altcha']);
    return true;
  }
}

export function GuardedByProofOfWork(): MethodDecorator {
  return applyDecorators(
    UseGuards(ProofOfWorkGuard),
    ApiHeader({
      name: 'X-Altcha',
      required: false,
      description: 'A solved challenge (GET …/challenge), base64 JSON; required where the municipality asks for it',
    }),
    ApiBadRequestResponse({ description: '`CHALLENGE.REQUIRED` or `CHALLENGE.MALFORMED`', type: ProblemResponse }),
    ApiForbiddenResponse({ description: '`CHALLENGE.INVALID`: wrong, forged or expired', type: ProblemResponse }),
    ApiConflictResponse({ description: '`CHALLENGE.ALREADY_USED`', type: ProblemResponse }),
  );
}
