import { applyDecorators, Controller } from '@nestjs/common';
import { ApiNotFoundResponse, ApiParam, ApiProperty, ApiPropertyOptional, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';

/** RFC 9457 problem details, for the OpenAPI description. */
export class MessagingProblem {
  @ApiProperty() type: string;
  @ApiProperty() title: string;
  @ApiProperty() status: number;
  @ApiProperty() detail: string;
  @ApiProperty({ example: 'CONVERSATION.NOT_FOUND' }) code: string;
  @ApiPropertyOptional() correlationId?: string;
}

/**
 * A controller under `/api/v1/tenants/{tenant}/…`. A token for another tenant than the path's is
 * answered 404 (AuthGuard), like anything the caller may not see.
 */
export function MessagingRoute(path: string, tag = 'messaging'): ClassDecorator {
  return applyDecorators(
    Controller(`api/v1/tenants/:tenant/${path}`),
    ApiTags(tag),
    ApiParam({ name: 'tenant', description: 'The municipality, e.g. `demo`', example: 'demo' }),
    ApiUnauthorizedResponse({ description: 'No or invalid bearer token', type: MessagingProblem }),
    ApiNotFoundResponse({ description: 'Unknown tenant or resource, or one the caller may not see', type: MessagingProblem }),
  );
}
