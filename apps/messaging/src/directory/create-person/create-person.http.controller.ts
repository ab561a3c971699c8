import { Body, Post } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiOperation, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import {
  Authenticated,
  CurrentAdmin,
  CurrentPrincipal,
  type AdminActor,
  type Principal,
  ProblemResponse,
  TenantRoute,
} from '@amtsweg/platform';
import { messagingRoute } from '../../http/messaging-route';
import { personRoles } from '../person';
import { PersonErrors } from '../person-errors';
import { adminView, PersonAdminResponse } from '../person.response.dto';
import { CreatePersonHandler } from './create-person.handler';
import { CreatePersonRequest } from './create-person.request.dto';

@TenantRoute('people', messagingRoute('people'))
export class CreatePersonHttpController {
  constructor(private readonly handler: CreatePersonHandler) {}

  @Post()
  @Authenticated('tenant-admin')
  @ApiOperation({
    summary: 'Add a person to the municipality (tenant-admin); they get an invitation mail with the sign-in link',
    description: 'Publishes `person.upserted`. 409 `PERSON.EMAIL_TAKEN` when the address (any case) is taken; 422 `PERSON.INVALID_ROLES`.',
  })
  @ApiCreatedResponse({ type: PersonAdminResponse })
  @ApiConflictResponse({ description: '`PERSON.EMAIL_TAKEN`', type: ProblemResponse })
  @ApiUnprocessableEntityResponse({ description: '`PERSON.INVALID_ROLES`', type: ProblemResponse })
  async create(
    @CurrentPrincipal() caller: Principal,
    @Body() body: CreatePersonRequest,
    @CurrentAdmin() actor: AdminActor,
  ): Promise<PersonAdminResponse> {
    const roles = personRoles(body.roles);
    if (!roles) throw PersonErrors.invalidRoles();
    const person = await this.handler.execute(
      {
        tenant: caller.tenant,
        email: body.email,
        name: body.name,
        roles,
        externalId: body.externalId,
      },
      actor,
    );
    return adminView(person);
  }
}
