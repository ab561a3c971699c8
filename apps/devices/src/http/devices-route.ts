import { applyDecorators, Controller } from '@nestjs/common';
import { ApiNotFoundResponse, ApiParam, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { ProblemResponse } from '@amtsweg/platform';

/**
 * A controller under `/api/v1/tenants/{tenant}/…`. A token names its tenant; a token for another
 * tenant than the path's is answered 404 (AuthGuard), and every query filters by the tenant.
 */
export function DevicesRoute(path: string): ClassDecorator {
  return applyDecorators(
    Controller(`api/v1/tenants/:tenant/${path}`),
    ApiTags('devices'),
    ApiParam({ name: 'tenant', description: 'The municipality, e.g. `demo`', example: 'demo' }),
    ApiUnauthorizedResponse({ description: 'No or invalid bearer token', type: ProblemResponse }),
    ApiNotFoundResponse({ description: 'Unknown tenant or device, or one the caller may not see', type: ProblemResponse }),
  );
}
