import { Logger } from '@nestjs/common';
import { EmbeddedPostgres, newId, openServiceDataSource } from '@amtsweg/platform';
import type { DataSource, MigrationInterface, QueryRunner } from 'typeorm';
import { eventingMigrations } from '../migrations/eventing-migrations';
import { PeopleProjection, peopleProjectionMigration } from '../people/people-projection';
import { erasedTenantsMigration, TenantErasure } from './tenant-erasure';

/** A schema shaped like a service's: parents and children with `tenant`, a row table without it, a self-reference. */
class ProbeTables1796720000100 implements MigrationInterface {
  name = 'ProbeTables1796720000100';
  async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE TABLE probe.parent (id uuid PRIMARY KEY, tenant text NOT NULL)');
    await q.query(
      'CREATE TABLE probe.child (id uuid PRIMARY KEY, tenant text NOT NULL, parent_id uuid NOT NULL REFERENCES probe.parent (id))',
    );
    // No tenant column: its rows belong to the tenant through their parent, without ON DELETE CASCADE.
    await q.query(
      'CREATE TABLE probe.line (parent_id uuid NOT NULL REFERENCES probe.parent (id), seq int NOT NULL, PRIMARY KEY (parent_id, seq))',
    );
    await q.query(
      'CREATE TABLE probe.chain (id uuid PRIMARY KEY, tenant text NOT NULL, previous_id uuid NULL REFERENCES probe.chain (id))',
    );
  }
  async down(): Promise<void> {}
}

describe('TenantErasure (embedded PostgreSQL)', () => {
  let embedded: EmbeddedPostgres;
  let dataSource: DataSource;
  const statements: string[] = [];

  beforeAll(async () => {
    Logger.overrideLogger(false);
    embedded = await EmbeddedPostgres.openIsolated();
    dataSource = await openServiceDataSource(
      {
        service: 'probe',
        entities: [],
        migrations: [
          ...eventingMigrations('probe'),
          erasedTenantsMigration('probe'),
          peopleProjectionMigration('probe'),
          ProbeTables1796720000100,
        ],
      },
      { kind: 'embedded', embedded },
    );
  }, 60_000);
  afterAll(async () => {
    await dataSource.destroy();
    await embedded.close();
  });

  const seed = async (tenant: string, parents: number): Promise<void> => {
    let previous: string | null = null;
    for (let index = 0; index < parents; index++) {
      const parent = newId();
      await dataSource.query('INSERT INTO probe.parent (id, tenant) VALUES ($1, $2)', [parent, tenant]);
      await dataSource.query('INSERT INTO probe.child (id, tenant, parent_id) VALUES ($1, $2, $3)', [newId(), tenant, parent]);
      await dataSource.query('INSERT INTO probe.line (parent_id, seq) VALUES ($1, 1), ($1, 2)', [parent]);
      const link = newId();
      await dataSource.query('INSERT INTO probe.chain (id, tenant, previous_id) VALUES ($1, $2, $3)', [link, tenant, previous]);
      previous = link;
    }
  };
  const counts = async (tenant: string) =>
    (
      (await dataSource.query(
        `SELECT (SELECT count(*) FROM probe.parent WHERE tenant = $1)::int AS parent,
                (SELECT count(*) FROM probe.child WHERE tenant = $1)::int AS child,
                (SELECT count(*) FROM probe.line l JOIN probe.parent p ON p.id = l.parent_id WHERE p.tenant = $1)::int AS line,
                (SELECT count(*) FROM probe.chain WHERE tenant = $1)::int AS chain`,
        [tenant],
      )) as Array<Record<string, number>>
    )[0];

  it('deletes every row of the tenant, children and row tables first, a few rows per statement, and leaves the other tenant alone', async () => {
    await seed('gone', 7);
    await seed('stays', 3);
    const erasure = new TenantErasure(dataSource, 'probe', { batchRows: 2 });
    const query = dataSource.query.bind(dataSource);
    // Every argument passes on: inside a transaction the third is its query runner (the one embedded session).
    const spy = jest.spyOn(dataSource, 'query').mockImplementation((...args: Parameters<DataSource['query']>) => {
      if (/^\s*DELETE/.test(args[0])) statements.push(args[0]);
      return query(...args);
    });
    try {
      expect(await dataSource.transaction((manager) => erasure.request(manager, 'gone', 3, new Date()))).toBe(true);
      expect(await erasure.eraseRequested()).toBe(1);
    } finally {
      spy.mockRestore();
    }
    expect(await counts('gone')).toEqual({ parent: 0, child: 0, line: 0, chain: 0 });
    expect(await counts('stays')).toEqual({ parent: 3, child: 3, line: 6, chain: 3 });
    // 14 line rows, 7 children, 7 parents at 2 a statement: many statements, none of them the whole tenant.
    expect(statements.filter((sql) => sql.includes('probe"."parent" WHERE ctid')).length).toBeGreaterThanOrEqual(4);
    expect(await erasure.isErased('gone')).toBe(true);
    // Done: a second round finds nothing to do.
    expect(await erasure.eraseRequested()).toBe(0);
  });

  it('takes a repeated request for nothing, and never projects a person of the erased tenant again', async () => {
    const erasure = new TenantErasure(dataSource, 'probe');
    expect(await dataSource.transaction((manager) => erasure.request(manager, 'gone', 4, new Date()))).toBe(false);
    const people = new PeopleProjection('probe', () => dataSource.manager);
    const event = { personId: newId(), email: 'clara@gone.example', name: 'Clara', roles: ['clerk'], active: true };
    await dataSource.transaction((manager) => people.apply(manager, { ...event, tenant: 'gone' }, new Date()));
    await dataSource.transaction((manager) => people.apply(manager, { ...event, tenant: 'stays' }, new Date()));
    const rows = (await dataSource.query('SELECT tenant FROM probe.person ORDER BY tenant')) as Array<{ tenant: string }>;
    expect(rows.map((row) => row.tenant)).toEqual(['stays']);
  });
});
