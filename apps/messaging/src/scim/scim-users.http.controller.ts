import { Body, Delete, Get, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiQuery } from '@nestjs/swagger';
import { PlatformConfig, type AdminActor } from '@amtsweg/platform';
import { ScimDirectory } from './scim-directory';
import { ScimUserIdPipe } from './scim-user-id.pipe';
import { ScimClient } from './scim-token.guard';
import { parseFilter, parsePatch, parseUser } from './scim-request';
import { ScimResponse, ScimRoute } from './scim-route';
import { page, scimBase, scimUser, type ListResponse } from './scim-schema';

const USER_FILTERS = ['username', 'externalid', 'displayname'] as const;
const RESOURCE = { schema: { type: 'object', description: 'A SCIM User (RFC 7643 §4.1)' } };
const PATCH = { schema: { type: 'object', description: 'A SCIM PatchOp (RFC 7644 §3.5.2)' } };

/** SCIM Users (RFC 7644): the tenant's people, as the municipality's identity manager provisions them. */
@ScimRoute('Users')
export class ScimUsersHttpController {
  constructor(
    private readonly directory: ScimDirectory,
    private readonly config: PlatformConfig,
  ) {}

  @Get()
  @ScimResponse()
  @ApiOperation({
    summary: 'SCIM: list or find users (`filter=userName eq "…"`, `externalId eq`, `displayName eq`; startIndex, count ≤ 200)',
  })
  @ApiQuery({ name: 'filter', required: false })
  @ApiQuery({ name: 'startIndex', required: false })
  @ApiQuery({ name: 'count', required: false })
  async list(
    @Param('tenant') tenant: string,
    @Query() query: Record<string, string | undefined>,
  ): Promise<ListResponse<Record<string, unknown>>> {
    const filter = parseFilter(query.filter, USER_FILTERS);
    const base = scimBase(this.config.publicUrl, tenant);
    return page(
      (await this.directory.users(tenant, filter)).map((person) => scimUser(person, base)),
      query,
    );
  }

  @Post()
  @ScimResponse()
  @ApiOperation({ summary: 'SCIM: create a user (409 scimType uniqueness for a taken userName); publishes `person.upserted`' })
  @ApiBody(RESOURCE)
  async create(
    @Param('tenant') tenant: string,
    @Body() body: Record<string, unknown>,
    @ScimClient() client: AdminActor,
  ): Promise<Record<string, unknown>> {
    return scimUser(await this.directory.create(tenant, parseUser(body), client), scimBase(this.config.publicUrl, tenant));
  }

  @Get(':userId')
  @ScimResponse()
  @ApiOperation({ summary: 'SCIM: a user' })
  async get(@Param('tenant') tenant: string, @Param('userId', ScimUserIdPipe) userId: string): Promise<Record<string, unknown>> {
    return scimUser(await this.directory.user(tenant, userId), scimBase(this.config.publicUrl, tenant));
  }

  @Put(':userId')
  @ScimResponse()
  @ApiOperation({ summary: 'SCIM: replace a user' })
  @ApiBody(RESOURCE)
  async replace(
    @Param('tenant') tenant: string,
    @Param('userId', ScimUserIdPipe) userId: string,
    @Body() body: Record<string, unknown>,
    @ScimClient() client: AdminActor,
  ): Promise<Record<string, unknown>> {
    return scimUser(await this.directory.replace(tenant, userId, parseUser(body), client), scimBase(this.config.publicUrl, tenant));
  }

  @Patch(':userId')
  @ScimResponse()
  @ApiOperation({
    summary: 'SCIM: change a user (PatchOp; `active: "False"` deactivates at once: their tokens are refused from then on)',
  })
  @ApiBody(PATCH)
  async patch(
    @Param('tenant') tenant: string,
    @Param('userId', ScimUserIdPipe) userId: string,
    @Body() body: Record<string, unknown>,
    @ScimClient() client: AdminActor,
  ): Promise<Record<string, unknown>> {
    return scimUser(await this.directory.patch(tenant, userId, parsePatch(body), client), scimBase(this.config.publicUrl, tenant));
  }

  @Delete(':userId')
  @HttpCode(204)
  @ApiOperation({ summary: 'SCIM: deactivate a user (the person stays, inactive; `person.deactivated`)' })
  async remove(
    @Param('tenant') tenant: string,
    @Param('userId', ScimUserIdPipe) userId: string,
    @ScimClient() client: AdminActor,
  ): Promise<void> {
    await this.directory.deactivate(tenant, userId, client);
  }
}
