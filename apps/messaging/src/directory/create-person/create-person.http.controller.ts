import { Body, Param, Post } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiOperation,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import {
  Authenticated,
  CurrentCaller,
  isProviderPrincipal,
  type Principal,
  ProblemResponse,
  type ProviderPrincipal,
  TenantRoute,
} from '@amtsweg/platform';
import { messagingRoute } from '../../http/messaging-route';
import { personRoles, type PersonRole } from '../person';
import { PersonErrors } from '../person-errors';
import { adminView, PersonAdminResponse } from '../person.response.dto';
import { CreatePersonHandler } from './create-person.handler';
import { CreatePersonRequest } from './create-person.request.dto';

@TenantRoute('people', messagingRoute('people'))
export class CreatePersonHttpController {
  constructor(private readonly handler: CreatePersonHandler) {}

  @Post()
  @Authenticated('tenant-admin', 'provider-admin')
  @ApiOperation({
    summary:
      "Add a person to the municipality (tenant-admin), or name a municipality's first tenant-admin (provider-admin); they get an invitation mail with the sign-in link",
    description:
      'Publishes `person.upserted`. 409 `PERSON.EMAIL_TAKEN` when the address (any case) is taken; 422 `PERSON.INVALID_ROLES`. ' +
      'A provider-admin may create only people whose roles are exactly `["tenant-admin"]` (403 `PERSON.PROVIDER_ADMIN_ROLES` otherwise); ' +
      'an unknown tenant is 404 `TENANT.NOT_FOUND`, a suspended one 403 `TENANT.SUSPENDED`, for them as for everyone.',
  })
  @ApiCreatedResponse({ type: PersonAdminResponse })
  @ApiForbiddenResponse({ description: '`AUTH.ROLE_REQUIRED`, `PERSON.PROVIDER_ADMIN_ROLES`, `TENANT.SUSPENDED`', type: ProblemResponse })
  @ApiConflictResponse({ description: '`PERSON.EMAIL_TAKEN`', type: ProblemResponse })
  @ApiUnprocessableEntityResponse({ description: '`PERSON.INVALID_ROLES`', type: ProblemResponse })
  async create(
    @CurrentCaller() caller: Principal | ProviderPrincipal,
    @Param('tenant') tenant: string,
    @Body() body: CreatePersonRequest,
  ): Promise<PersonAdminResponse> {
    const roles = isProviderPrincipal(caller) ? providerAdminRoles(body.roles) : personRoles(body.roles);
    if (!roles) throw PersonErrors.invalidRoles();
    const person = await this.handler.execute({
      // AuthGuard answered a tenant's token for another tenant 404; a provider-admin names the path's tenant.
      tenant: isProviderPrincipal(caller) ? tenant : caller.tenant,
      email: body.email,
      name: body.name,
      roles,
      externalId: body.externalId,
    });
    return adminView(person);
  }
}

/** The provider names a municipality's administrators, nobody else: exactly `["tenant-admin"]`, else 403. */
function providerAdminRoles(roles: string[]): PersonRole[] {
  if (roles.length !== 1 || roles[0] !== 'tenant-admin') throw PersonErrors.providerAdminRoles();
  return ['tenant-admin'];
}
