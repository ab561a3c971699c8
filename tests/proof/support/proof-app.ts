import 'reflect-metadata';
import { mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, ModulesContainer } from '@nestjs/core';
import { decodeJwt } from 'jose';
import { createServiceApp, loadConfig, REQUIRED_ROLES_METADATA, startServiceApp, type PlatformConfig, type Role } from '@amtsweg/platform';
// Relative: the route-table child process loads this file with .swcrc's paths, which name no testing entry.
import { demoTenantsKnown, signTestToken } from '../../../libs/platform/src/testing';
import { gatewayProcess } from '../../../apps/gateway/src/gateway.process';
import { RawHttpClient } from './raw-http';

const HTTP_METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;
/** Nest's RequestMethod enum order, as METHOD_METADATA stores it. */
const NEST_METHODS = ['get', 'post', 'put', 'delete', 'patch', 'all', 'options', 'head', 'search'];

export interface OpenApiParameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: OpenApiSchema;
}

export interface OpenApiSchema {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  items?: OpenApiSchema;
  properties?: Record<string, OpenApiSchema>;
  required?: string[];
  allOf?: OpenApiSchema[];
  oneOf?: OpenApiSchema[];
  anyOf?: OpenApiSchema[];
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  nullable?: boolean;
}

export interface OpenApiOperation {
  operationId: string;
  security?: Array<Record<string, string[]>>;
  parameters?: OpenApiParameter[];
  requestBody?: { content: Record<string, { schema?: OpenApiSchema }> };
  responses?: Record<string, { description?: string }>;
}

export interface OpenApiDocument {
  paths: Record<string, Partial<Record<(typeof HTTP_METHODS)[number], OpenApiOperation>>>;
  components: { schemas: Record<string, OpenApiSchema> };
}

/** One operation of the OpenAPI document with the role rule its handler declares. */
export interface RouteUnderProof {
  method: string;
  /** The OpenAPI path template, `{param}` style. */
  template: string;
  operation: OpenApiOperation;
  authenticated: boolean;
  /** Authenticated by a tenant's SCIM token instead (security scheme `scim`): a person's JWT is refused there. */
  scim: boolean;
  /** The roles of `@Authenticated(...)`: empty means any signed-in user. */
  roles: Role[];
  /** Whether a controller method was found for the operation (else `roles` says nothing). */
  handlerFound: boolean;
}

export interface DemoUserToken {
  email: string;
  /** Empty for the provider-admin, whose token names no tenant. */
  tenant: string;
  roles: Role[];
  token: string;
}

/** Demo users of the two seeded tenants (docs/api.md, "Development only"). */
const DEMO_LOCALS = ['staff', 'clerk', 'it-admin', 'admin'];
export const HOME_TENANT = 'demo';
export const OTHER_TENANT = 'muster';
const TENANT_DOMAINS: Record<string, string> = { [HOME_TENANT]: 'demo.example', [OTHER_TENANT]: 'muster.example' };
/** The IT service provider's operator: a `provider-admin` token without a tenant, as the identity provider issues it. */
export const PROVIDER_ADMIN_EMAIL = 'betrieb@amtsweg.example';

/** The all-in-one start (embedded PGlite and bus) listening on a free port, with its route table and demo tokens. */
export class ProofApp {
  private constructor(
    readonly app: INestApplication,
    readonly config: PlatformConfig,
    readonly http: RawHttpClient,
    readonly document: OpenApiDocument,
    readonly routes: RouteUnderProof[],
    readonly users: DemoUserToken[],
  ) {}

  /** A SCIM token of the home tenant (issued on first use), for proofs that get past the SCIM routes' guard. */
  async scimToken(): Promise<string> {
    this.issuedScimToken ??= (async () => {
      const admin = this.usersOf(HOME_TENANT).find((user) => user.roles.includes('tenant-admin'));
      const answer = await this.http.send({
        method: 'POST',
        path: `/api/v1/tenants/${HOME_TENANT}/scim-tokens`,
        headers: { authorization: `Bearer ${admin?.token ?? ''}` },
      });
      return (JSON.parse(answer.body) as { token: string }).token;
    })();
    return this.issuedScimToken;
  }

  private issuedScimToken?: Promise<string>;

  static async start(): Promise<ProofApp> {
    const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: mkdtempSync(join(tmpdir(), 'amtsweg-proof-')) });
    const app = await startServiceApp(await createServiceApp(gatewayProcess({}), config));
    // The seed's tenant.created reach signatures, messaging and devices a moment after the start.
    await demoTenantsKnown(app);
    await app.listen(0, '127.0.0.1');
    const http = new RawHttpClient((app.getHttpServer().address() as AddressInfo).port);
    try {
      return new ProofApp(app, config, http, ...(await ProofApp.describe(app, config, http)));
    } catch (error) {
      http.close();
      await app.close();
      throw error;
    }
  }

  private static async describe(
    app: INestApplication,
    config: PlatformConfig,
    http: RawHttpClient,
  ): Promise<[OpenApiDocument, RouteUnderProof[], DemoUserToken[]]> {
    const docs = await http.send({ method: 'GET', path: '/api/docs-json', wholeBody: true });
    const document = JSON.parse(docs.body) as OpenApiDocument;
    const users: DemoUserToken[] = [];
    for (const tenant of [HOME_TENANT, OTHER_TENANT]) {
      for (const local of DEMO_LOCALS) {
        const email = `${local}@${TENANT_DOMAINS[tenant]}`;
        const answer = await http.send({
          method: 'POST',
          path: '/api/v1/dev/token',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email }),
        });
        const token = (JSON.parse(answer.body) as { access_token: string }).access_token;
        const claims = decodeJwt(token) as { tenant: string; roles: Role[] };
        users.push({ email, tenant: claims.tenant, roles: claims.roles, token });
      }
    }
    const provider = await signTestToken(
      { DATA_DIR: config.DATA_DIR, issuer: config.issuer, OIDC_AUDIENCE: config.OIDC_AUDIENCE },
      { roles: ['provider-admin'], sub: 'provider-admin-1', email: PROVIDER_ADMIN_EMAIL },
    );
    users.push({ email: PROVIDER_ADMIN_EMAIL, tenant: '', roles: ['provider-admin'], token: provider });
    return [document, routesOf(app, document), users];
  }

  usersOf(tenant: string): DemoUserToken[] {
    return this.users.filter((user) => user.tenant === tenant);
  }

  get providerAdmin(): DemoUserToken {
    return this.users.find((user) => user.email === PROVIDER_ADMIN_EMAIL)!;
  }

  /** A home-tenant user (or the provider-admin on a provider route) that may call the route, for proofs that need to get past the guard. */
  permittedUser(route: RouteUnderProof): DemoUserToken {
    const user = [...this.usersOf(HOME_TENANT), this.providerAdmin].find((candidate) => mayCall(candidate, route));
    if (!user) throw new Error(`no demo user may call ${route.method} ${route.template} (roles ${route.roles.join(', ')})`);
    return user;
  }

  async close(): Promise<void> {
    this.http.close();
    await this.app.close();
  }
}

export function mayCall(user: Pick<DemoUserToken, 'roles'>, route: Pick<RouteUnderProof, 'roles'>): boolean {
  // A provider-admin passes only where `provider-admin` is named, never on a route open to every signed-in user.
  if (user.roles.includes('provider-admin')) return route.roles.includes('provider-admin');
  return route.roles.length === 0 || route.roles.some((role) => user.roles.includes(role));
}

/** Every operation of the document, joined with the `@Authenticated` roles of the controller method behind it. */
function routesOf(app: INestApplication, document: OpenApiDocument): RouteUnderProof[] {
  const declaredRoles = rolesByRoute(app);
  return Object.entries(document.paths).flatMap(([template, operations]) =>
    HTTP_METHODS.filter((method) => operations[method]).map((method) => {
      const operation = operations[method] as OpenApiOperation;
      const authenticated = (operation.security ?? []).some((requirement) => 'bearer' in requirement);
      const scim = (operation.security ?? []).some((requirement) => 'scim' in requirement);
      const roles = declaredRoles.get(`${method} ${template}`);
      return {
        method: method.toUpperCase(),
        template,
        operation,
        authenticated,
        scim,
        roles: roles ?? [],
        handlerFound: roles !== undefined,
      };
    }),
  );
}

/** `get /api/v1/...{param}` → the roles its handler's (or controller's) `@Authenticated` names. */
function rolesByRoute(app: INestApplication): Map<string, Role[]> {
  const roles = new Map<string, Role[]>();
  for (const wrapper of new DiscoveryService(app.get(ModulesContainer)).getControllers()) {
    const controller = wrapper.metatype as (new (...args: never[]) => object) | null;
    if (!controller) continue;
    const bases = [Reflect.getMetadata(PATH_METADATA, controller) ?? ''].flat() as string[];
    for (const name of Object.getOwnPropertyNames(controller.prototype)) {
      const handler = (controller.prototype as Record<string, unknown>)[name];
      if (typeof handler !== 'function' || name === 'constructor') continue;
      const methodIndex = Reflect.getMetadata(METHOD_METADATA, handler) as number | undefined;
      if (methodIndex === undefined) continue;
      const declared = (Reflect.getMetadata(REQUIRED_ROLES_METADATA, handler) ??
        Reflect.getMetadata(REQUIRED_ROLES_METADATA, controller)) as Role[] | undefined;
      for (const base of bases) {
        for (const path of [Reflect.getMetadata(PATH_METADATA, handler) ?? ''].flat() as string[]) {
          const template = `/${[base, path].filter((part) => part && part !== '/').join('/')}`
            .replace(/\/+/g, '/')
            .replace(/:([^/]+)/g, '{$1}');
          roles.set(`${NEST_METHODS[methodIndex]} ${template}`, declared ?? []);
        }
      }
    }
  }
  return roles;
}
