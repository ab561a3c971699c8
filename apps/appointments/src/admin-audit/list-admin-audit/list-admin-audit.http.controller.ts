import { Authenticated, ProblemResponse, TenantRoute } from '@amtsweg/platform';
import { Controller, Get, Param, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { appointmentsRoute } from '../../http/appointments-route';
import { AdminAuditPage, adminAuditEntryView } from './admin-audit.response.dto';
import { ListAdminAuditHandler } from './list-admin-audit.handler';
import { ListAdminAuditQuery, ListProviderAdminAuditQuery } from './list-admin-audit.request.dto';

const DESCRIPTION =
  'Every change by a provider-admin, tenant-admin or SCIM client in any service — who, when, what, before and after — newest first. ' +
  'Entries of person changes hold names and e-mail addresses; they are deleted after ADMIN_AUDIT_RETENTION_DAYS.';

/** The municipality's admin audit, for its tenant-admins. */
@TenantRoute('admin-audit', appointmentsRoute('admin-audit'))
export class ListAdminAuditHttpController {
  constructor(private readonly handler: ListAdminAuditHandler) {}

  @Get()
  @Authenticated('tenant-admin')
  @ApiOperation({ summary: "The municipality's admin audit (tenant-admin)", description: DESCRIPTION })
  @ApiOkResponse({ type: AdminAuditPage })
  @ApiBadRequestResponse({ description: 'A `limit` out of range or a `cursor` this list did not hand out', type: ProblemResponse })
  @ApiUnauthorizedResponse({ description: 'No or invalid bearer token', type: ProblemResponse })
  @ApiForbiddenResponse({ description: 'Not a tenant-admin (`AUTH.ROLE_REQUIRED`)', type: ProblemResponse })
  async list(@Param('tenant') tenant: string, @Query() query: ListAdminAuditQuery): Promise<AdminAuditPage> {
    const page = await this.handler.execute(tenant, query);
    return { items: page.items.map(adminAuditEntryView), nextCursor: page.nextCursor };
  }
}

/** Provider route: the admin audit of every municipality, or of one (`?tenant=`). */
@ApiTags('admin-audit')
@Controller('api/v1/admin-audit')
export class ListProviderAdminAuditHttpController {
  constructor(private readonly handler: ListAdminAuditHandler) {}

  @Get()
  @Authenticated('provider-admin')
  @ApiOperation({ summary: 'The admin audit of every municipality (provider-admin)', description: DESCRIPTION })
  @ApiOkResponse({ type: AdminAuditPage })
  @ApiBadRequestResponse({ description: 'A malformed `tenant`, `limit` out of range or unknown `cursor`', type: ProblemResponse })
  @ApiUnauthorizedResponse({ description: 'No or invalid bearer token', type: ProblemResponse })
  @ApiForbiddenResponse({
    description: 'Not a provider-admin (`AUTH.ROLE_REQUIRED` / `AUTH.PROVIDER_ADMIN_NOT_ALLOWED`)',
    type: ProblemResponse,
  })
  async list(@Query() query: ListProviderAdminAuditQuery): Promise<AdminAuditPage> {
    const page = await this.handler.execute(query.tenant, query);
    return { items: page.items.map(adminAuditEntryView), nextCursor: page.nextCursor };
  }
}
