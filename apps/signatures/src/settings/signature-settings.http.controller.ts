import { Body, Get, Put } from '@nestjs/common';
import { ApiBadRequestResponse, ApiForbiddenResponse, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { Authenticated, CurrentPrincipal, type Principal, ProblemResponse, TenantRoute } from '@amtsweg/platform';
import { SIGNATURES_ROUTE } from '../http/signatures-route';
import { SignatureSettingsBody } from './signature-settings.request.dto';
import { SignatureSettingsStore } from './signature-settings';

/** The tenant's signature settings: tenant-admins only (the pages learn the effect from the answers to uploads and signatures). */
@TenantRoute('signature-settings', SIGNATURES_ROUTE)
export class SignatureSettingsHttpController {
  constructor(private readonly settings: SignatureSettingsStore) {}

  @Get()
  @Authenticated('tenant-admin')
  @ApiOperation({ summary: 'The tenant’s signature settings', description: 'Defaults: no embedded files, a second factor required.' })
  @ApiOkResponse({ type: SignatureSettingsBody })
  @ApiForbiddenResponse({ description: '`AUTH.ROLE_REQUIRED`', type: ProblemResponse })
  read(@CurrentPrincipal() principal: Principal): Promise<SignatureSettingsBody> {
    return this.settings.read(principal.tenant);
  }

  @Put()
  @Authenticated('tenant-admin')
  @ApiOperation({
    summary: 'Change the tenant’s signature settings',
    description: 'Replaces both settings; the change is written to the tenant’s audit chain.',
  })
  @ApiOkResponse({ type: SignatureSettingsBody })
  @ApiBadRequestResponse({ description: '`REQUEST.INVALID`', type: ProblemResponse })
  @ApiForbiddenResponse({ description: '`AUTH.ROLE_REQUIRED`', type: ProblemResponse })
  write(@CurrentPrincipal() principal: Principal, @Body() body: SignatureSettingsBody): Promise<SignatureSettingsBody> {
    return this.settings.write(principal, body);
  }
}
