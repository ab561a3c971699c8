import { Get, Inject, Query } from '@nestjs/common';
import { ApiExtraModels, ApiForbiddenResponse, ApiOkResponse, ApiOperation, getSchemaPath } from '@nestjs/swagger';
import type { DataSource } from 'typeorm';
import {
  Authenticated,
  CurrentPrincipal,
  dataSourceToken,
  DomainError,
  type Principal,
  ProblemResponse,
  TenantRoute,
} from '@amtsweg/platform';
import { messagingRoute } from '../../http/messaging-route';
import { PersonRepository } from '../person.repository';
import { adminView, PersonAdminResponse, PersonNameResponse, PersonResponse } from '../person.response.dto';
import { ListPeopleQuery } from './list-people.request.dto';

/** The tenant's people: for every staff member their names (no addresses); for its tenant-admins everything. */
@TenantRoute('people', messagingRoute('people'))
@Authenticated()
@ApiExtraModels(PersonResponse, PersonNameResponse, PersonAdminResponse)
export class ListPeopleHttpController {
  constructor(
    @Inject(dataSourceToken('messaging')) private readonly dataSource: DataSource,
    private readonly people: PersonRepository,
  ) {}

  @Get()
  @ApiOperation({ summary: 'The people of my municipality: names for everyone, the whole record for tenant-admins (`view=admin`)' })
  @ApiOkResponse({
    schema: {
      type: 'array',
      items: { oneOf: [PersonResponse, PersonNameResponse, PersonAdminResponse].map((model) => ({ $ref: getSchemaPath(model) })) },
    },
  })
  @ApiForbiddenResponse({ description: '`view=admin` without the tenant-admin role', type: ProblemResponse })
  async list(
    @CurrentPrincipal() caller: Principal,
    @Query() query: ListPeopleQuery,
  ): Promise<Array<PersonResponse | PersonNameResponse | PersonAdminResponse>> {
    const view = query.view ?? 'active';
    if (view === 'admin' && !caller.roles.includes('tenant-admin'))
      throw DomainError.forbidden('AUTH.ROLE_REQUIRED', 'This action needs one of the roles: tenant-admin.');
    const people = await this.people.list(this.dataSource.manager, caller.tenant, { includeInactive: view !== 'active' });
    if (view === 'admin') return people.map(adminView);
    if (view === 'all') return people.map(({ id, name, active }) => ({ id, name, active }));
    return people.map(({ id, name }) => ({ id, name }));
  }
}
