import { Get, Param } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Authenticated, CurrentPrincipal, type Principal, TenantRoute, UuidPipe } from '@amtsweg/platform';
import { apiTime } from '../../http/api-time';
import { SIGNATURES_ROUTE } from '../../http/signatures-route';
import { AUDIT_ACTIONS, type AuditAction } from '../audit-chain';
import type { JsonValue } from '../canonical-json';
import { GetAuditHandler } from './get-audit.handler';

class AuditEntryView {
  @ApiProperty({ example: 1 }) seq: number;
  @ApiProperty({ enum: AUDIT_ACTIONS }) action: AuditAction;
  @ApiProperty({ description: 'A user id, or `system`' }) actor: string;
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) details: { [key: string]: JsonValue };
  @ApiProperty() prevHash: string;
  @ApiProperty({ description: 'SHA-256 over the canonical JSON of the entry, prevHash included' }) hash: string;
}

class AuditTrailView {
  @ApiProperty({ type: [AuditEntryView] }) entries: AuditEntryView[];
  @ApiProperty({ description: 'Every entry recomputes to its hash and links to its predecessor' }) intact: boolean;
  @ApiPropertyOptional({ description: 'The first entry that does not fit' }) brokenAt?: number;
  @ApiPropertyOptional({ description: 'Hash of the last entry, when intact' }) headHash?: string;
}

@TenantRoute('signature-requests', SIGNATURES_ROUTE)
export class GetAuditHttpController {
  constructor(private readonly handler: GetAuditHandler) {}

  @Get(':id/audit')
  @Authenticated('staff', 'clerk')
  @ApiOperation({ summary: 'The audit trail (a hash chain) of a request, and whether it is intact' })
  @ApiOkResponse({ type: AuditTrailView })
  async audit(@CurrentPrincipal() principal: Principal, @Param('id', UuidPipe) id: string): Promise<AuditTrailView> {
    const { entries, verdict } = await this.handler.execute(principal, id);
    return {
      entries: entries.map((entry) => ({
        seq: entry.seq,
        action: entry.action,
        actor: entry.actor,
        at: apiTime(entry.at, true),
        details: entry.details,
        prevHash: entry.prevHash,
        hash: entry.hash,
      })),
      intact: verdict.intact,
      ...(verdict.brokenAt !== undefined ? { brokenAt: verdict.brokenAt } : {}),
      ...(verdict.headHash ? { headHash: verdict.headHash } : {}),
    };
  }
}
