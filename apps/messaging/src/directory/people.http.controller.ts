import { Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty } from '@nestjs/swagger';
import { Authenticated, CurrentPrincipal, type Principal, TenantRoute } from '@amtsweg/platform';
import { messagingRoute } from '../http/messaging-route';
import { UserDirectory } from './user-directory';

export class PersonResponse {
  @ApiProperty() id: string;
  @ApiProperty({ example: 'Clara Bürgerbüro' }) name: string;
}

/** The tenant's staff, for starting a conversation and naming authors. Staff only; no addresses. */
@TenantRoute('people', messagingRoute())
@Authenticated()
export class PeopleHttpController {
  constructor(private readonly directory: UserDirectory) {}

  @Get()
  @ApiOperation({ summary: 'The people of my municipality I can write to' })
  @ApiOkResponse({ type: [PersonResponse] })
  async list(@CurrentPrincipal() caller: Principal): Promise<PersonResponse[]> {
    return (await this.directory.all(caller.tenant)).map(({ id, name }) => ({ id, name }));
  }
}
