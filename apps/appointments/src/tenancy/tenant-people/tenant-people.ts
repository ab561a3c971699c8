import { createHash } from 'node:crypto';
import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import type { PersonEvent } from '@amtsweg/contracts';
import { CachedPersonStatus, DeactivatedPeople, TenantSignIn } from '@amtsweg/platform';
import { APPOINTMENTS_DATA_SOURCE } from '../../appointments.database';

/**
 * The key under which appointments finds a person by e-mail address: the SHA-256 (hex) of the trimmed,
 * lower-cased address. Not a secret-keyed HMAC: every instance, and every later start, must compute
 * the same key for the rows already stored (docs/personal-data-in-events.md says why this suffices).
 */
function emailKey(email: string): string {
  return createHash('sha256').update(email.trim().toLowerCase(), 'utf8').digest('hex');
}

/**
 * `appointments.tenant_person`: which people each tenant has and whether they are active — what the
 * provider's list needs to count them (`counts.people`), and what the AuthGuard and TenantSignIn ask:
 * a deactivated person's tokens are refused (DeactivatedPeople), and a token of the municipality's own
 * issuer, which names its person by e-mail, is matched through `appointments.tenant_person_key` (a hash
 * of the address, see `emailKey`). Names and addresses stay in messaging's directory. Every person event
 * carries the person's whole state and the compacted topic keeps them in order per person, so applying
 * one is an upsert; the inbox stops a redelivered one.
 */
@Injectable()
export class TenantPeople implements OnModuleInit {
  private readonly logger = new Logger(TenantPeople.name);
  readonly status = new CachedPersonStatus(
    async (tenant, userId) => (await this.activeOf(this.dataSource.manager, tenant, userId)) === false,
  );

  constructor(
    @Inject(APPOINTMENTS_DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly deactivatedPeople: DeactivatedPeople,
    private readonly signIn: TenantSignIn,
  ) {}

  onModuleInit(): void {
    this.deactivatedPeople.register(this.status);
    // A person messaging created just in time a moment ago is answered 401 `AUTH.PERSON_NOT_PROVISIONED`
    // until their `person.upserted` arrives here.
    this.signIn.register({ people: { personFor: ({ tenant, email }) => this.findByEmail(this.dataSource.manager, tenant, email) } });
  }

  /** Inside the consumer's inbox transaction. A tenant the registry does not hold (off-boarded) is skipped. */
  async apply(manager: EntityManager, event: Pick<PersonEvent, 'tenant' | 'personId' | 'active' | 'email'>): Promise<void> {
    const written = (await manager.query(
      `INSERT INTO appointments.tenant_person (tenant, person_id, active)
       SELECT slug, $2, $3 FROM appointments.tenant WHERE slug = $1
       ON CONFLICT (tenant, person_id) DO UPDATE SET active = EXCLUDED.active
       RETURNING person_id`,
      [event.tenant, event.personId, event.active],
    )) as unknown[];
    if (written.length === 0) {
      this.logger.warn(`person ${event.personId} of unknown tenant "${event.tenant}" not counted`);
      return;
    }
    await manager.query(
      `INSERT INTO appointments.tenant_person_key (tenant, person_id, email_key) VALUES ($1, $2, $3)
       ON CONFLICT (tenant, person_id) DO UPDATE SET email_key = EXCLUDED.email_key`,
      [event.tenant, event.personId, emailKey(event.email)],
    );
    this.status.forget(event.tenant, event.personId);
  }

  /** The person of `tenant` with this address (an active one first, should an address have moved), or none. */
  async findByEmail(manager: EntityManager, tenant: string, email: string): Promise<{ id: string; active: boolean } | undefined> {
    const rows: Array<{ id: string; active: boolean }> = await manager.query(
      `SELECT p.person_id AS id, p.active FROM appointments.tenant_person_key k
         JOIN appointments.tenant_person p ON p.tenant = k.tenant AND p.person_id = k.person_id
       WHERE k.tenant = $1 AND k.email_key = $2 ORDER BY p.active DESC LIMIT 1`,
      [tenant, emailKey(email)],
    );
    return rows[0];
  }

  private async activeOf(manager: EntityManager, tenant: string, personId: string): Promise<boolean | undefined> {
    const rows: Array<{ active: boolean }> = await manager.query(
      'SELECT active FROM appointments.tenant_person WHERE tenant = $1 AND person_id = $2',
      [tenant, personId],
    );
    return rows[0]?.active;
  }
}
