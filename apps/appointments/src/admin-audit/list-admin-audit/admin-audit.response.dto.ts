import { PageResponse } from '@amtsweg/platform';
import { ApiProperty } from '@nestjs/swagger';
import type { AdminAuditEntry } from '../admin-audit-log';

export class AdminAuditActorView {
  @ApiProperty({ description: "The admin's user id; for role `scim`, the SCIM token's id" }) userId: string;
  @ApiProperty({ enum: ['provider-admin', 'tenant-admin', 'scim'] }) role: 'provider-admin' | 'tenant-admin' | 'scim';
}

export class AdminAuditSubjectView {
  @ApiProperty({ example: 'office', description: '`tenant`, `office`, `service`, `person`, `scim-token`, …' }) type: string;
  @ApiProperty() id: string;
}

export class AdminAuditEntryView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: '2026-12-08T09:15:00.000Z' }) at: string;
  @ApiProperty({ type: String, nullable: true, description: 'null: a provider-wide change' }) tenant: string | null;
  @ApiProperty({ type: AdminAuditActorView }) actor: AdminAuditActorView;
  @ApiProperty({ example: 'office.updated' }) action: string;
  @ApiProperty({ type: AdminAuditSubjectView }) subject: AdminAuditSubjectView;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true, description: 'The state before (null: created)' })
  before: Record<string, unknown> | null;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true, description: 'The state after (null: deleted)' })
  after: Record<string, unknown> | null;
  @ApiProperty({ enum: ['appointments', 'messaging', 'signatures', 'devices'], description: 'The service that made the change' })
  service: string;
}

export class AdminAuditPage extends PageResponse(AdminAuditEntryView) {}

export function adminAuditEntryView(entry: AdminAuditEntry): AdminAuditEntryView {
  return {
    id: entry.id,
    at: entry.at.toISOString(),
    tenant: entry.tenant,
    actor: { userId: entry.actor.userId, role: entry.actor.role },
    action: entry.action,
    subject: { type: entry.subject.type, id: entry.subject.id },
    before: entry.before,
    after: entry.after,
    service: entry.service,
  };
}
