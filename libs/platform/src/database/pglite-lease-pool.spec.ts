import type { MigrationInterface, QueryRunner } from 'typeorm';
import { EmbeddedPostgres } from './embedded-postgres';
import { openServiceDataSource } from './service-data-source';
import { sqlState, PgError } from './postgres-errors';

function claimsTable(schema: string) {
  return class CreateClaims1700000000000 implements MigrationInterface {
    name = 'CreateClaims1700000000000';
    async up(q: QueryRunner): Promise<void> {
      await q.query(`CREATE TABLE "${schema}".claim (key text PRIMARY KEY, owner int NOT NULL, at date NOT NULL)`);
    }
    async down(q: QueryRunner): Promise<void> {
      await q.query(`DROP TABLE "${schema}".claim`);
    }
  };
}

describe('embedded PostgreSQL shared by two services', () => {
  let embedded: EmbeddedPostgres;
  beforeAll(async () => {
    embedded = await EmbeddedPostgres.openIsolated();
  }, 60_000);
  afterAll(() => embedded.close());

  it('keeps concurrent transactions of two schemas apart: exactly one winner per unique key', async () => {
    const [a, b] = await Promise.all(
      ['svc_a', 'svc_b'].map((service) =>
        openServiceDataSource({ service, entities: [], migrations: [claimsTable(service)] }, { kind: 'embedded', embedded }),
      ),
    );
    const attempts = Array.from({ length: 120 }, (_, i) => ({
      ds: i % 2 ? a : b,
      schema: i % 2 ? 'svc_a' : 'svc_b',
      key: `k${i % 10}`,
      owner: i,
    }));
    const outcomes = await Promise.all(
      attempts.map(({ ds, schema, key, owner }) =>
        ds
          .transaction(async (em) => {
            await em.query(`INSERT INTO "${schema}".claim (key, owner, at) VALUES ($1, $2, '2026-03-29')`, [key, owner]);
            await em.query(`SELECT count(*) FROM "${schema}".claim`);
          })
          .then(
            () => 'won' as const,
            (error: unknown) => (sqlState(error) === PgError.uniqueViolation ? ('lost' as const) : error),
          ),
      ),
    );
    expect(outcomes.filter((o) => o === 'won')).toHaveLength(10);
    expect(outcomes.filter((o) => o === 'lost')).toHaveLength(110);
    for (const [ds, schema] of [
      [a, 'svc_a'],
      [b, 'svc_b'],
    ] as const) {
      const rows: Array<{ key: string; at: string }> = await ds.query(`SELECT key, at FROM "${schema}".claim ORDER BY key`);
      expect(rows.map((r) => r.key)).toEqual(Array.from({ length: 5 }, (_, i) => `k${i * 2 + (schema === 'svc_a' ? 1 : 0)}`).sort());
      expect(rows[0].at).toBe('2026-03-29');
    }
    await Promise.all([a.destroy(), b.destroy()]);
  }, 60_000);
});
