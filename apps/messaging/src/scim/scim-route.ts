import { applyDecorators, Header } from '@nestjs/common';
import { ApiProduces, ApiSecurity, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { TenantRoute } from '@amtsweg/platform';
import { SCIM_CONTENT_TYPE } from './scim-schema';
import { ScimTokenGuard } from './scim-token.guard';

/**
 * A controller under the tenant's SCIM base URL `…/scim/v2/<path>`: authenticated by a SCIM token
 * only (OpenAPI security scheme `scim`, not `bearer`), answering and erring in application/scim+json.
 */
export function ScimRoute(path: string): ClassDecorator {
  return applyDecorators(
    TenantRoute(`scim/v2${path ? `/${path}` : ''}`, {
      tag: 'scim',
      notFound: 'Unknown resource (SCIM error `urn:ietf:params:scim:api:messages:2.0:Error`)',
      signedIn: 'per route',
      guards: [ScimTokenGuard],
    }),
    ApiSecurity('scim'),
    ApiProduces(SCIM_CONTENT_TYPE),
    ApiUnauthorizedResponse({ description: 'No, a wrong or a revoked SCIM token (SCIM error, status "401")' }),
  );
}

/** Answers in SCIM's media type (RFC 7644 §3.1). */
export const ScimResponse = (): MethodDecorator => Header('content-type', SCIM_CONTENT_TYPE);
