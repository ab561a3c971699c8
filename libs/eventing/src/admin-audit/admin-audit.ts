import { ADMIN_CHANGE_CONTRACTS, type AdminChangeRecorded, type EventContract } from '@amtsweg/contracts';
import type { AdminActor } from '@amtsweg/platform';
import type { EntityManager } from 'typeorm';
import type { Outbox } from '../outbox/outbox';

export interface AdminChange {
  /** The municipality changed; null for a provider-wide change. */
  tenant: string | null;
  actor: AdminActor;
  /** `<subject type>.<verb>`: `office.updated`, `scim-token.revoked`. */
  action: string;
  subject: { type: string; id: string };
  /** The state before the change (null: it did not exist) and after it (null: it is gone). */
  before: object | null;
  after: object | null;
}

/**
 * Records an admin's change as `admin.change-recorded` in the outbox of the service making it, in
 * the transaction of the change: a committed change always has its record, a rolled-back one never.
 * Appointments collects the records of every service into the admin audit.
 */
export class AdminAudit {
  constructor(
    private readonly outbox: Outbox,
    private readonly contract: EventContract<AdminChangeRecorded> | undefined,
  ) {}

  /** Inside the transaction of `manager`, the one that makes the change. */
  async record(manager: EntityManager, change: AdminChange): Promise<void> {
    if (!this.contract) throw new Error('AdminAudit: this service has no admin-change contract (ADMIN_CHANGE_CONTRACTS)');
    const data = {
      tenant: change.tenant,
      actor: { userId: change.actor.userId, role: change.actor.role },
      action: change.action,
      subject: { type: change.subject.type, id: change.subject.id },
      before: asJson(change.before),
      after: asJson(change.after),
    } as AdminChangeRecorded;
    await this.outbox.append(manager, this.contract, data, {
      subject: `${change.subject.type}/${change.subject.id}`,
      // Provider-wide changes name no tenant; the envelope needs one, and `-` is no slug.
      tenantId: change.tenant ?? '-',
    });
  }
}

/** The admin-change contract of `service`, for `new AdminAudit(outbox, …)`. */
export function adminChangeContract(service: string): EventContract<AdminChangeRecorded> | undefined {
  return ADMIN_CHANGE_CONTRACTS[service];
}

/** What a reader of the audit will get back: dates as ISO strings, no undefined fields. */
function asJson(state: object | null): Record<string, unknown> | null {
  return state === null ? null : (JSON.parse(JSON.stringify(state)) as Record<string, unknown>);
}
