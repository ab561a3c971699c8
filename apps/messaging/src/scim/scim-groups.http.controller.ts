import { Body, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiQuery } from '@nestjs/swagger';
import { PlatformConfig, type AdminActor } from '@amtsweg/platform';
import { PERSON_ROLES, type PersonRole } from '../directory/person';
import { ScimDirectory } from './scim-directory';
import { ScimClient } from './scim-token.guard';
import { ScimErrors } from './scim-errors';
import { parseFilter, parsePatch } from './scim-request';
import { ScimResponse, ScimRoute } from './scim-route';
import { page, SCIM_SCHEMAS, scimBase, type ListResponse } from './scim-schema';

const isRole = (name: unknown): name is PersonRole => typeof name === 'string' && (PERSON_ROLES as readonly string[]).includes(name);

/**
 * SCIM Groups: exactly the four roles of a municipality, each a group whose id and displayName are
 * the role's name. Adding a member grants the role, removing one takes it away.
 */
@ScimRoute('Groups')
export class ScimGroupsHttpController {
  constructor(
    private readonly directory: ScimDirectory,
    private readonly config: PlatformConfig,
  ) {}

  @Get()
  @ScimResponse()
  @ApiOperation({ summary: 'SCIM: the role groups (`filter=displayName eq "clerk"`; `excludedAttributes=members`)' })
  @ApiQuery({ name: 'filter', required: false })
  @ApiQuery({ name: 'excludedAttributes', required: false })
  async list(
    @Param('tenant') tenant: string,
    @Query() query: Record<string, string | undefined>,
  ): Promise<ListResponse<Record<string, unknown>>> {
    const filter = parseFilter(query.filter, ['displayname', 'externalid']);
    // No group has an externalId: a client matching by it finds none and is told so by an empty list.
    const roles = PERSON_ROLES.filter((role) => !filter || (filter.attribute === 'displayname' && filter.value === role));
    const withMembers = !/\bmembers\b/i.test(query.excludedAttributes ?? '');
    const groups = await Promise.all(roles.map((role) => this.group(tenant, role, withMembers)));
    return page(groups, query);
  }

  @Get(':groupId')
  @ScimResponse()
  @ApiOperation({ summary: 'SCIM: a role group and its members' })
  async get(@Param('tenant') tenant: string, @Param('groupId') groupId: string): Promise<Record<string, unknown>> {
    if (!isRole(groupId)) throw ScimErrors.notFound('group');
    return this.group(tenant, groupId, true);
  }

  @Post()
  @ScimResponse()
  @ApiOperation({
    summary: 'SCIM: groups cannot be created — a role group exists already (409 uniqueness), other names 400 invalidValue',
  })
  @ApiBody({ schema: { type: 'object' } })
  create(@Body() body: Record<string, unknown>): never {
    const name = body?.displayName;
    if (isRole(name)) throw ScimErrors.uniqueness(`The group "${name}" exists already: its id is "${name}".`);
    throw ScimErrors.invalidValue(`displayName: the groups are the roles ${PERSON_ROLES.join(', ')}; no other can be created.`);
  }

  @Patch(':groupId')
  @HttpCode(204)
  @ApiOperation({ summary: 'SCIM: add or remove members of a role group (grants or takes away the role; `person.upserted`)' })
  @ApiBody({ schema: { type: 'object', description: 'A SCIM PatchOp (RFC 7644 §3.5.2)' } })
  async patch(
    @Param('tenant') tenant: string,
    @Param('groupId') groupId: string,
    @Body() body: Record<string, unknown>,
    @ScimClient() client: AdminActor,
  ): Promise<void> {
    if (!isRole(groupId)) throw ScimErrors.notFound('group');
    await this.directory.patchGroup(tenant, groupId, parsePatch(body), client);
  }

  private async group(tenant: string, role: PersonRole, withMembers: boolean): Promise<Record<string, unknown>> {
    const base = scimBase(this.config.publicUrl, tenant);
    const members = withMembers ? await this.directory.members(tenant, role) : [];
    return {
      schemas: [SCIM_SCHEMAS.group],
      id: role,
      displayName: role,
      ...(withMembers
        ? { members: members.map((person) => ({ value: person.id, display: person.name, $ref: `${base}/Users/${person.id}` })) }
        : {}),
      meta: { resourceType: 'Group', location: `${base}/Groups/${role}` },
    };
  }
}
