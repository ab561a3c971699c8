import type { EntityManager, MigrationInterface, QueryRunner } from 'typeorm';
import type { PersonEvent } from '@amtsweg/contracts';
import { CachedPersonStatus, type DeactivatedPeople, type TenantSignIn } from '@amtsweg/platform';
import { erasedTenantTable } from '../offboarding/tenant-erasure';

/** A person as a service that projects the directory keeps them. */
export interface ProjectedPerson {
  id: string;
  tenant: string;
  email: string;
  name: string;
  roles: string[];
  active: boolean;
}

interface PersonRow {
  id: string;
  tenant: string;
  email: string;
  name: string;
  roles: string[];
  active: boolean;
}

/**
 * `<schema>.person`: a service's copy of messaging's people directory, fed by `person.upserted` /
 * `person.deactivated` (every event carries the whole record, so applying one is an upsert). The
 * copy is what the service's `UserDirectory` reads: who may be named as a signer or device holder,
 * and whose tokens are refused (registered with DeactivatedPeople).
 */
export class PeopleProjection {
  readonly status: CachedPersonStatus;
  private readonly table: string;
  private readonly erasedTenants: string;

  constructor(
    schema: string,
    private readonly manager: () => EntityManager,
  ) {
    this.table = `"${schema}".person`;
    this.erasedTenants = erasedTenantTable(schema);
    this.status = new CachedPersonStatus(async (tenant, userId) => (await this.find(this.manager(), tenant, userId))?.active === false);
  }

  /** The AuthGuard asks this copy too: a deactivated person's tokens are refused here at once. */
  registerWith(deactivated: DeactivatedPeople): void {
    deactivated.register(this.status);
  }

  /**
   * A token of the municipality's own issuer names its person by e-mail: this copy tells their id.
   * A person the copy does not know yet (created just in time by messaging a moment ago) is answered
   * 401 `AUTH.PERSON_NOT_PROVISIONED` until their `person.upserted` arrives here.
   */
  signInWith(signIn: TenantSignIn): void {
    signIn.register({
      people: {
        personFor: async ({ tenant, email }) => {
          const person = await this.findByEmail(this.manager(), tenant, email);
          return person && { id: person.id, active: person.active };
        },
      },
    });
  }

  /** Applies one event inside the consumer's inbox transaction; an older record never overwrites a newer one's effect twice (the inbox stops redeliveries). */
  async apply(manager: EntityManager, event: PersonEvent, at: Date): Promise<ProjectedPerson | undefined> {
    const previous = await this.find(manager, event.tenant, event.personId);
    // An off-boarded tenant's people are not taken in again: the people topic is compacted, and a replay
    // (a later start, a new consumer group) still carries their records.
    const erased = (await manager.query(`SELECT 1 FROM ${this.erasedTenants} WHERE slug = $1`, [event.tenant])) as unknown[];
    if (erased.length > 0) return previous;
    await manager.query(
      `INSERT INTO ${this.table} (tenant, id, email, email_key, name, roles, active, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $8)
       ON CONFLICT (tenant, id) DO UPDATE
         SET email = EXCLUDED.email, email_key = EXCLUDED.email_key, name = EXCLUDED.name, roles = EXCLUDED.roles,
             active = EXCLUDED.active, updated_at = EXCLUDED.updated_at`,
      [
        event.tenant,
        event.personId,
        event.email,
        event.email.trim().toLowerCase(),
        event.name,
        JSON.stringify(event.roles),
        event.active,
        at,
      ],
    );
    this.status.forget(event.tenant, event.personId);
    return previous;
  }

  async find(manager: EntityManager, tenant: string, id: string): Promise<ProjectedPerson | undefined> {
    const rows: PersonRow[] = await manager.query(
      `SELECT tenant, id, email, name, roles, active FROM ${this.table} WHERE tenant = $1 AND id = $2`,
      [tenant, id],
    );
    return rows[0];
  }

  async findByEmail(manager: EntityManager, tenant: string, email: string): Promise<ProjectedPerson | undefined> {
    const rows: PersonRow[] = await manager.query(
      `SELECT tenant, id, email, name, roles, active FROM ${this.table} WHERE tenant = $1 AND email_key = $2 ORDER BY active DESC LIMIT 1`,
      [tenant, email.trim().toLowerCase()],
    );
    return rows[0];
  }
}

/** The migration that creates `<schema>.person`, for the service's migrations list (timestamp of slice C). */
export function peopleProjectionMigration(schema: string): new () => MigrationInterface {
  class PeopleProjection1797200000000 implements MigrationInterface {
    name = 'PeopleProjection1797200000000';

    async up(queryRunner: QueryRunner): Promise<void> {
      // Keyed by (tenant, id) as the events are; the e-mail index finds a signer named by address.
      await queryRunner.query(`
        CREATE TABLE "${schema}".person (
          tenant text NOT NULL,
          id text NOT NULL,
          email text NOT NULL,
          email_key text NOT NULL,
          name text NOT NULL,
          roles jsonb NOT NULL,
          active boolean NOT NULL,
          updated_at timestamptz NOT NULL,
          PRIMARY KEY (tenant, id)
        )`);
      await queryRunner.query(`CREATE INDEX person_email_key_idx ON "${schema}".person (tenant, email_key)`);
    }

    async down(queryRunner: QueryRunner): Promise<void> {
      await queryRunner.query(`DROP TABLE "${schema}".person`);
    }
  }
  return PeopleProjection1797200000000;
}
