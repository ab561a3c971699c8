import { applyDecorators, Controller, UseGuards, type CanActivate, type Type } from '@nestjs/common';
import { ApiNotFoundResponse, ApiParam, ApiServiceUnavailableResponse, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { ProblemResponse } from './problem.response';

export interface TenantRouteOptions {
  /** The OpenAPI tag the controller's routes are listed under. */
  tag: string;
  /** What a 404 means on these routes, e.g. "Unknown tenant or device, or one the caller may not see". */
  notFound: string;
  /**
   * `every route` (the default): each route wants a bearer token, so 401 is documented here once.
   * `per route`: public and signed-in routes share the controller; each signed-in route documents its 401.
   */
  signedIn?: 'every route' | 'per route';
  /** Guards that run before any route's own, e.g. a service's check that it knows the tenant at all. */
  guards?: Array<Type<CanActivate> | CanActivate>;
}

/**
 * A controller under `/api/v1/tenants/{tenant}/…`, documented with the problems every such route can
 * answer: 404 (unknown tenant, or a token of another tenant: AuthGuard), 401 when signed in, and 503
 * `SERVICE.DATABASE_UNAVAILABLE` with Retry-After when the database is down (ProblemFilter).
 */
export function TenantRoute(path: string, options: TenantRouteOptions): ClassDecorator {
  const decorators = [
    Controller(`api/v1/tenants/:tenant/${path}`),
    ...(options.guards?.length ? [UseGuards(...options.guards)] : []),
    ApiTags(options.tag),
    ApiParam({ name: 'tenant', description: 'The municipality, e.g. `demo`', example: 'demo' }),
    ...((options.signedIn ?? 'every route') === 'every route'
      ? [ApiUnauthorizedResponse({ description: 'No or invalid bearer token', type: ProblemResponse })]
      : []),
    ApiNotFoundResponse({ description: options.notFound, type: ProblemResponse }),
    ApiServiceUnavailableResponse({
      description: 'The service cannot reach its database right now (`SERVICE.DATABASE_UNAVAILABLE`); try again after Retry-After seconds',
      type: ProblemResponse,
      headers: { 'Retry-After': { description: 'Seconds to wait before trying again', schema: { type: 'integer' } } },
    }),
  ];
  return applyDecorators(...decorators);
}
