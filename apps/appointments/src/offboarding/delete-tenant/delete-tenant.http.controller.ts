import { type AdminActor, Authenticated, CurrentAdmin, ProblemResponse } from '@amtsweg/platform';
import { Controller, Delete, HttpCode, Param } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOperation,
  ApiParam,
  ApiProperty,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { DeleteTenantHandler } from './delete-tenant.handler';

export class TenantDeletionResponse {
  @ApiProperty({ example: 'beispielstadt' }) slug: string;
  @ApiProperty({ example: '2026-12-08T09:00:00.000Z', description: 'Every service erases its rows from then on, in batches' })
  requestedAt: string;
}

/** Provider route: off-board a municipality for good (its slug is never given again). */
@ApiTags('tenants')
@Controller('api/v1/tenants')
export class DeleteTenantHttpController {
  constructor(private readonly handler: DeleteTenantHandler) {}

  @Delete(':tenant')
  @HttpCode(202)
  @Authenticated('provider-admin')
  @ApiOperation({
    summary: 'Delete a municipality and every row of it in every service',
    description:
      'After a suspension of at least TENANT_DELETION_AFTER_SUSPENSION_DAYS (default 30) and an export requested since the suspension began, all four parts delivered. Every service learns it from `tenant.deleted` and erases the rows in batches.',
  })
  @ApiParam({ name: 'tenant', example: 'demo' })
  @ApiAcceptedResponse({ type: TenantDeletionResponse })
  @ApiUnauthorizedResponse({ description: 'No or invalid bearer token', type: ProblemResponse })
  @ApiForbiddenResponse({ description: 'Not a provider-admin', type: ProblemResponse })
  @ApiNotFoundResponse({ description: '`TENANT.NOT_FOUND`', type: ProblemResponse })
  @ApiConflictResponse({
    description: '`TENANT.NOT_SUSPENDED`, `TENANT.NOT_SUSPENDED_LONG_ENOUGH` (the detail names the earliest date), `TENANT.NOT_EXPORTED`',
    type: ProblemResponse,
  })
  async delete(@Param('tenant') slug: string, @CurrentAdmin() actor: AdminActor): Promise<TenantDeletionResponse> {
    const deletion = await this.handler.execute(slug, actor);
    return { slug: deletion.slug, requestedAt: deletion.requestedAt.toISOString() };
  }
}
