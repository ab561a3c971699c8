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

/** Keyset cursors: opaque to clients, base64url of the sort key. */
export function encodeCursor(parts: string[]): string {
  return Buffer.from(JSON.stringify(parts), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string, length: number): string[] | undefined {
  try {
    const parts: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(parts) && parts.length === length && parts.every((p) => typeof p === 'string')) return parts as string[];
  } catch {
    // falls through: not one of ours
  }
  return undefined;
}
