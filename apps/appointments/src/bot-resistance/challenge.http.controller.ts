import { Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty } from '@nestjs/swagger';
import { TenantRoute } from '@amtsweg/platform';
import { appointmentsRoute } from '../http/appointments-route';
import { CurrentTenant } from '../tenancy/known-tenant.guard';
import type { Tenant } from '../tenancy/tenant';
import { ProofOfWork } from './proof-of-work';

/** Difficulty where the tenant has none set: a challenge asked for anyway stays cheap. */
const DEFAULT_MAX_NUMBER = 50_000;

class ChallengeResponse {
  @ApiProperty({ enum: ['SHA-256'] }) algorithm: 'SHA-256';
  @ApiProperty() challenge: string;
  @ApiProperty({ example: 100000 }) maxnumber: number;
  @ApiProperty({ example: '4f2a…?expires=1795000000' }) salt: string;
  @ApiProperty() signature: string;
}

@TenantRoute('challenge', appointmentsRoute('bot resistance'))
export class ChallengeHttpController {
  constructor(private readonly proofOfWork: ProofOfWork) {}

  @Get()
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'A proof-of-work challenge (ALTCHA)',
    description:
      'Find `number` (0…maxnumber) with SHA-256(salt + number) = challenge, then send `{ algorithm, challenge, number, salt, signature }` as base64 JSON in the `X-Altcha` header of the booking (and waiting-list, release) request. Valid for 5 minutes, once.',
  })
  @ApiOkResponse({ type: ChallengeResponse })
  challenge(@CurrentTenant() tenant: Tenant): ChallengeResponse {
    return this.proofOfWork.issue(tenant.settings.proofOfWorkMaxNumber ?? DEFAULT_MAX_NUMBER);
  }
}
