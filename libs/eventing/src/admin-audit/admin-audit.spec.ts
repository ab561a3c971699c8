import { MessagingAdminChangeRecordedV1 } from '@amtsweg/contracts';
import { EmbeddedPostgres, openServiceDataSource } from '@amtsweg/platform';
import type { DataSource } from 'typeorm';
import { InvalidEventPayloadError } from '../event-payload';
import { eventingMigrations } from '../migrations/eventing-migrations';
import { Outbox } from '../outbox/outbox';
import { AdminAudit, adminChangeContract } from './admin-audit';

describe('AdminAudit (embedded PostgreSQL)', () => {
  let embedded: EmbeddedPostgres;
  let dataSource: DataSource;
  const audit = new AdminAudit(new Outbox('messaging'), adminChangeContract('messaging'));
  const change = {
    tenant: 'demo',
    actor: { userId: 'admin-1', role: 'tenant-admin' as const },
    action: 'person.updated',
    subject: { type: 'person', id: 'p-1' },
    before: { name: 'Alt', at: new Date('2026-12-01T08:00:00Z'), gone: undefined },
    after: { name: 'Neu' },
  };
  const recorded = async () =>
    (await dataSource.query(`SELECT type, key, envelope FROM messaging.outbox_event ORDER BY position`)) as Array<{
      type: string;
      key: string;
      envelope: { tenantid: string; data: Record<string, unknown> };
    }>;

  beforeAll(async () => {
    embedded = await EmbeddedPostgres.openIsolated();
    dataSource = await openServiceDataSource(
      { service: 'messaging', entities: [], migrations: eventingMigrations('messaging') },
      { kind: 'embedded', embedded },
    );
  }, 60_000);
  afterEach(() => dataSource.query('DELETE FROM messaging.outbox_event'));
  afterAll(async () => {
    await dataSource?.destroy();
    await embedded?.close();
  });

  it("appends the service's own contract with the change as JSON, keyed by the subject", async () => {
    await dataSource.transaction((manager) => audit.record(manager, change));
    const [event] = await recorded();
    expect(event.type).toBe(MessagingAdminChangeRecordedV1.type);
    expect(event.key).toBe('person/p-1');
    expect(event.envelope.tenantid).toBe('demo');
    expect(event.envelope.data).toEqual({
      tenant: 'demo',
      actor: { userId: 'admin-1', role: 'tenant-admin' },
      action: 'person.updated',
      subject: { type: 'person', id: 'p-1' },
      before: { name: 'Alt', at: '2026-12-01T08:00:00.000Z' },
      after: { name: 'Neu' },
    });
  });

  it('records nothing when the change rolls back, and refuses to record outside a transaction', async () => {
    await expect(
      dataSource.transaction(async (manager) => {
        await audit.record(manager, change);
        throw new Error('the change failed after its record');
      }),
    ).rejects.toThrow('the change failed after its record');
    expect(await recorded()).toEqual([]);
    await expect(audit.record(dataSource.manager, change)).rejects.toThrow(/transaction/);
  });

  it('refuses an action or an actor role the contract does not know', async () => {
    await expect(dataSource.transaction((manager) => audit.record(manager, { ...change, action: 'Not An Action' }))).rejects.toThrow(
      InvalidEventPayloadError,
    );
    await expect(
      dataSource.transaction((manager) =>
        audit.record(manager, { ...change, actor: { userId: 'x', role: 'staff' as unknown as 'tenant-admin' } }),
      ),
    ).rejects.toThrow(InvalidEventPayloadError);
    expect(await recorded()).toEqual([]);
  });
});
