import { Body, Param, Patch } from '@nestjs/common';
import { ApiConflictResponse, ApiOkResponse, ApiOperation, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { Authenticated, CurrentPrincipal, type Principal, ProblemResponse, TenantRoute, UuidPipe } from '@amtsweg/platform';
import { messagingRoute } from '../../http/messaging-route';
import { personRoles } from '../person';
import { PersonErrors } from '../person-errors';
import { adminView, PersonAdminResponse } from '../person.response.dto';
import { UpdatePersonHandler } from './update-person.handler';
import { UpdatePersonRequest } from './update-person.request.dto';

@TenantRoute('people', messagingRoute('people'))
export class UpdatePersonHttpController {
  constructor(private readonly handler: UpdatePersonHandler) {}

  @Patch(':personId')
  @Authenticated('tenant-admin')
  @ApiOperation({
    summary: 'Rename a person, change their roles, deactivate or reactivate them (tenant-admin)',
    description:
      'Publishes `person.deactivated` when `active` turns false, `person.upserted` otherwise. 422 `PERSON.OWN_ACCESS` for deactivating oneself or dropping one’s own tenant-admin role.',
  })
  @ApiOkResponse({ type: PersonAdminResponse })
  @ApiConflictResponse({ description: '`PERSON.CONCURRENT_CHANGE`', type: ProblemResponse })
  @ApiUnprocessableEntityResponse({ description: '`PERSON.INVALID_ROLES`, `PERSON.OWN_ACCESS`', type: ProblemResponse })
  async update(
    @CurrentPrincipal() caller: Principal,
    @Param('personId', UuidPipe) personId: string,
    @Body() body: UpdatePersonRequest,
  ): Promise<PersonAdminResponse> {
    const roles = body.roles === undefined ? undefined : personRoles(body.roles);
    if (roles === undefined && body.roles !== undefined) throw PersonErrors.invalidRoles();
    return adminView(await this.handler.execute(caller, personId, { name: body.name, roles, active: body.active }));
  }
}
