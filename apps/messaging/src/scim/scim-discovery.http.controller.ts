import { Get, Param } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { PlatformConfig } from '@amtsweg/platform';
import { PERSON_ROLES } from '../directory/person';
import { ScimErrors } from './scim-errors';
import { ScimResponse, ScimRoute } from './scim-route';
import { page, SCIM_MAX_RESULTS, SCIM_SCHEMAS, scimBase, type ListResponse } from './scim-schema';

type Attribute = Record<string, unknown>;

const attribute = (name: string, more: Partial<Attribute> = {}): Attribute => ({
  name,
  type: 'string',
  multiValued: false,
  required: false,
  caseExact: false,
  mutability: 'readWrite',
  returned: 'default',
  uniqueness: 'none',
  ...more,
});

/** What of RFC 7643's User and Group this server keeps; everything else a client sends is ignored. */
const SCHEMAS: Attribute[] = [
  {
    id: SCIM_SCHEMAS.user,
    name: 'User',
    description: 'A person of the municipality. userName is the e-mail address they sign in with.',
    attributes: [
      attribute('userName', { required: true, uniqueness: 'server', description: 'The e-mail address, unique within the municipality' }),
      attribute('name', {
        type: 'complex',
        description: 'Kept as one name "givenName familyName"; read back split on the last space',
        subAttributes: [attribute('givenName'), attribute('familyName'), attribute('formatted', { mutability: 'readOnly' })],
      }),
      attribute('displayName', { description: 'The same name as name (one string)' }),
      attribute('emails', {
        type: 'complex',
        multiValued: true,
        description: 'One, the userName (type work, primary)',
        subAttributes: [attribute('value'), attribute('type'), attribute('primary', { type: 'boolean' })],
      }),
      attribute('active', { type: 'boolean', description: 'false deactivates: the person can no longer sign in' }),
      attribute('roles', {
        type: 'complex',
        multiValued: true,
        description: `Any of ${PERSON_ROLES.join(', ')}`,
        subAttributes: [attribute('value', { canonicalValues: [...PERSON_ROLES] })],
      }),
      attribute('externalId', { caseExact: true }),
    ],
  },
  {
    id: SCIM_SCHEMAS.group,
    name: 'Group',
    description: `A role: ${PERSON_ROLES.join(', ')}. Its members hold it.`,
    attributes: [
      attribute('displayName', { required: true, mutability: 'immutable', uniqueness: 'server' }),
      attribute('members', {
        type: 'complex',
        multiValued: true,
        subAttributes: [attribute('value', { mutability: 'immutable' }), attribute('display', { mutability: 'readOnly' })],
      }),
    ],
  },
].map((schema) => ({ schemas: [SCIM_SCHEMAS.schema], ...schema }));

/** RFC 7644 §4: what this SCIM server supports, for clients that ask before they provision. */
@ScimRoute('')
export class ScimDiscoveryHttpController {
  constructor(private readonly config: PlatformConfig) {}

  @Get('ServiceProviderConfig')
  @ScimResponse()
  @ApiOperation({ summary: 'SCIM: what this server supports (patch, filter up to 200 results; no bulk, sort, etag, changePassword)' })
  serviceProviderConfig(@Param('tenant') tenant: string): Attribute {
    const base = scimBase(this.config.publicUrl, tenant);
    return {
      schemas: [SCIM_SCHEMAS.serviceProviderConfig],
      documentationUri: `${this.config.publicUrl}/api/docs`,
      patch: { supported: true },
      bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
      filter: { supported: true, maxResults: SCIM_MAX_RESULTS },
      changePassword: { supported: false },
      sort: { supported: false },
      etag: { supported: false },
      authenticationSchemes: [
        {
          type: 'oauthbearertoken',
          name: 'SCIM token',
          description: 'A SCIM token of the municipality (tenant-admin: POST /api/v1/tenants/{tenant}/scim-tokens), as a bearer token',
          primary: true,
        },
      ],
      meta: { resourceType: 'ServiceProviderConfig', location: `${base}/ServiceProviderConfig` },
    };
  }

  @Get('ResourceTypes')
  @ScimResponse()
  @ApiOperation({ summary: 'SCIM: the resource types (User, Group)' })
  resourceTypes(@Param('tenant') tenant: string): ListResponse<Attribute> {
    return page(this.types(tenant), {});
  }

  @Get('ResourceTypes/:name')
  @ScimResponse()
  @ApiOperation({ summary: 'SCIM: a resource type' })
  resourceType(@Param('tenant') tenant: string, @Param('name') name: string): Attribute {
    const type = this.types(tenant).find((candidate) => candidate.id === name);
    if (!type) throw ScimErrors.notFound('resource type');
    return type;
  }

  @Get('Schemas')
  @ScimResponse()
  @ApiOperation({ summary: 'SCIM: the schemas (User, Group) with the attributes this server keeps' })
  schemas(@Param('tenant') tenant: string): ListResponse<Attribute> {
    return page(
      SCHEMAS.map((schema) => this.located(tenant, schema)),
      {},
    );
  }

  @Get('Schemas/:id')
  @ScimResponse()
  @ApiOperation({ summary: 'SCIM: a schema' })
  schema(@Param('tenant') tenant: string, @Param('id') id: string): Attribute {
    const schema = SCHEMAS.find((candidate) => candidate.id === id);
    if (!schema) throw ScimErrors.notFound('schema');
    return this.located(tenant, schema);
  }

  private located(tenant: string, schema: Attribute): Attribute {
    return {
      ...schema,
      meta: { resourceType: 'Schema', location: `${scimBase(this.config.publicUrl, tenant)}/Schemas/${String(schema.id)}` },
    };
  }

  private types(tenant: string): Attribute[] {
    const base = scimBase(this.config.publicUrl, tenant);
    return [
      { id: 'User', name: 'User', endpoint: '/Users', schema: SCIM_SCHEMAS.user },
      { id: 'Group', name: 'Group', endpoint: '/Groups', schema: SCIM_SCHEMAS.group },
    ].map((type) => ({
      schemas: [SCIM_SCHEMAS.resourceType],
      ...type,
      description: type.id === 'User' ? 'A person of the municipality' : 'A role of the municipality',
      meta: { resourceType: 'ResourceType', location: `${base}/ResourceTypes/${type.id}` },
    }));
  }
}
