import { Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty } from '@nestjs/swagger';
import type { DataSource } from 'typeorm';
import { Authenticated, CurrentPrincipal, dataSourceToken, type Principal, TenantRoute } from '@amtsweg/platform';
import { messagingRoute } from '../../http/messaging-route';
import { PERSON_ROLES } from '../person';
import { PersonErrors } from '../person-errors';
import { PersonRepository } from '../person.repository';

class WhoAmIResponse {
  @ApiProperty({ description: "The person's id in the directory (every service's `userId`)" }) id: string;
  @ApiProperty() name: string;
  @ApiProperty() email: string;
  @ApiProperty({ enum: PERSON_ROLES, isArray: true, description: 'The roles of this sign-in (the token, through the role mapping)' })
  roles: string[];
}

/**
 * The signed-in person as the directory knows them. The web workspace calls it first after a
 * sign-in with the municipality's own issuer: messaging creates a person it does not know yet just
 * in time, so the other services learn of them (`person.upserted`) before they are asked.
 */
@TenantRoute('people/me', messagingRoute('people'))
@Authenticated()
export class WhoAmIHttpController {
  constructor(
    @Inject(dataSourceToken('messaging')) private readonly dataSource: DataSource,
    private readonly people: PersonRepository,
  ) {}

  @Get()
  @ApiOperation({
    summary:
      'Who I am: my person in the directory and the roles of this sign-in; 404 `PERSON.NOT_FOUND` for a token of no directory person',
  })
  @ApiOkResponse({ type: WhoAmIResponse })
  async me(@CurrentPrincipal() caller: Principal): Promise<WhoAmIResponse> {
    const person = await this.people.find(this.dataSource.manager, caller.tenant, caller.userId);
    if (!person) throw PersonErrors.notFound();
    return { id: person.id, name: person.name, email: person.email, roles: [...caller.roles] };
  }
}
