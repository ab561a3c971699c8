import { Body, HttpCode, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiOperation } from '@nestjs/swagger';
import { RateLimitedByAddress } from '../../bot-resistance/address-rate-limit';
import { GuardedByProofOfWork } from '../../bot-resistance/proof-of-work.guard';
import { appointmentsRoute } from '../../http/appointments-route';
import { statedPreferences } from '../../preferences/stated-preferences.request.dto';
import { CurrentTenant } from '../../tenancy/known-tenant.guard';
import type { Tenant } from '../../tenancy/tenant';
import { WaitingEntryCreatedResponse, waitingEntryResponse } from '../waiting-entry.response.dto';
import { JoinWaitingListCommand } from './join-waiting-list.command';
import { JoinWaitingListHandler } from './join-waiting-list.handler';
import { JoinWaitingListRequest } from './join-waiting-list.request.dto';
import { ProblemResponse, TenantRoute } from '@amtsweg/platform';

@TenantRoute('waiting-list', appointmentsRoute('waiting list'))
export class JoinWaitingListHttpController {
  constructor(private readonly handler: JoinWaitingListHandler) {}

  @Post()
  @HttpCode(201)
  @RateLimitedByAddress()
  @GuardedByProofOfWork()
  @ApiOperation({
    summary: 'Join the waiting list',
    description:
      'When a slot that fits frees up, it is offered to the waiting citizens in the order they joined: held for them and mailed; confirming it with the mailed link books it. An offer left unanswered lapses, and the slot moves on to the next in line.',
  })
  @ApiCreatedResponse({ type: WaitingEntryCreatedResponse })
  @ApiBadRequestResponse({ description: 'Malformed JSON, missing, unknown or invalid fields', type: ProblemResponse })
  @ApiConflictResponse({ description: '`WAITING_LIST.ALREADY_WAITING`', type: ProblemResponse })
  async join(@CurrentTenant() tenant: Tenant, @Body() body: JoinWaitingListRequest): Promise<WaitingEntryCreatedResponse> {
    const { entry, manageToken } = await this.handler.execute(
      new JoinWaitingListCommand(tenant, body.serviceId, statedPreferences(body), { name: body.citizen.name, email: body.citizen.email }),
    );
    return { ...waitingEntryResponse(entry), manageToken };
  }
}
