import { applyDecorators, Controller } from '@nestjs/common';
import { ApiNotFoundResponse, ApiParam, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { ProblemResponse } from '@amtsweg/platform';

/**
 * A controller under `/api/v1/tenants/{tenant}/…`. There is no tenant registry here: a token names
 * its tenant, and a token for another tenant than the path's is answered 404 (AuthGuard).
 */
export function SignaturesRoute(path: string): ClassDecorator {
  return applyDecorators(
    Controller(`api/v1/tenants/:tenant/${path}`),
    ApiTags('signatures'),
    ApiParam({ name: 'tenant', description: 'The municipality, e.g. `demo`', example: 'demo' }),
    ApiUnauthorizedResponse({ description: 'No or invalid bearer token', type: ProblemResponse }),
    ApiNotFoundResponse({ description: 'Unknown tenant or request, or a request the caller takes no part in', type: ProblemResponse }),
  );
}
