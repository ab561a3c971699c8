import 'reflect-metadata';
import { Type } from 'class-transformer';
import { IsIn, IsObject, IsString, Matches, MaxLength, ValidateIf, ValidateNested } from 'class-validator';
import type { EventContract } from '../event-contract';

/** Who made an admin change: a provider-admin, a tenant-admin, or a municipality's SCIM client (its token id). */
export const ADMIN_ACTOR_ROLES = ['provider-admin', 'tenant-admin', 'scim'] as const;
export type AdminActorRole = (typeof ADMIN_ACTOR_ROLES)[number];

export class AdminActorV1 {
  @IsString() @MaxLength(200) userId: string;
  @IsIn(ADMIN_ACTOR_ROLES) role: AdminActorRole;
}

export class AdminSubjectV1 {
  /** What kind of thing changed: `tenant`, `office`, `person`, `scim-token`, … */
  @IsString() @Matches(/^[a-z][a-z-]{0,62}$/) type: string;
  @IsString() @MaxLength(200) id: string;
}

/**
 * One change by an admin, with the state before and after it (null when created or deleted), for
 * the admin audit that appointments keeps. Before/after of a person hold name and e-mail address:
 * an audit needs them; the audit topics are kept short (docs/personal-data-in-events.md).
 */
export abstract class AdminChangeRecorded {
  /** The municipality changed; null for a provider-wide change. */
  @ValidateIf((event: AdminChangeRecorded) => event.tenant !== null) @IsString() @Matches(/^[a-z0-9-]{2,63}$/) tenant: string | null;
  @ValidateNested() @Type(() => AdminActorV1) actor: AdminActorV1;
  /** `<subject>.<verb>`, e.g. `office.updated`. */
  @IsString() @Matches(/^[a-z][a-z-]*(\.[a-z][a-z-]*)+$/) action: string;
  @ValidateNested() @Type(() => AdminSubjectV1) subject: AdminSubjectV1;
  @ValidateIf((event: AdminChangeRecorded) => event.before !== null) @IsObject() before: Record<string, unknown> | null;
  @ValidateIf((event: AdminChangeRecorded) => event.after !== null) @IsObject() after: Record<string, unknown> | null;
}

/*
 * One contract per service, not one shared: a contract has one topic, and a service writes only its
 * own topics (`<service>.*`, each service's outbox relay publishes what that service owns; the
 * registry finds a contract, and a consumer its topic, by `type`). The payload is the same class.
 */
export class AppointmentsAdminChangeRecordedV1 extends AdminChangeRecorded {
  static readonly type = 'de.amtsweg.appointments.admin.change-recorded.v1';
  static readonly topic = 'appointments.admin-audit';
}

export class MessagingAdminChangeRecordedV1 extends AdminChangeRecorded {
  static readonly type = 'de.amtsweg.messaging.admin.change-recorded.v1';
  static readonly topic = 'messaging.admin-audit';
}

export class SignaturesAdminChangeRecordedV1 extends AdminChangeRecorded {
  static readonly type = 'de.amtsweg.signatures.admin.change-recorded.v1';
  static readonly topic = 'signatures.admin-audit';
}

export class DevicesAdminChangeRecordedV1 extends AdminChangeRecorded {
  static readonly type = 'de.amtsweg.devices.admin.change-recorded.v1';
  static readonly topic = 'devices.admin-audit';
}

/** The admin-change contract of each service, by the service's name (its outbox). */
export const ADMIN_CHANGE_CONTRACTS: Readonly<Record<string, EventContract<AdminChangeRecorded>>> = {
  appointments: AppointmentsAdminChangeRecordedV1,
  messaging: MessagingAdminChangeRecordedV1,
  signatures: SignaturesAdminChangeRecordedV1,
  devices: DevicesAdminChangeRecordedV1,
};
