import type { DataSource } from 'typeorm';
import { TestDatabase } from '@amtsweg/eventing/testing';
import { EmbeddedPostgres, openServiceDataSource } from '@amtsweg/platform';
import { messagingDatabase } from '../src/messaging.database';

/**
 * Messaging's migrated DataSource on an in-memory PGlite of its own, for the tests of the enclosing
 * `describe`: opened before them, closed after them. Read `dataSource` inside tests.
 */
export function messagingDatabaseOnPglite(): { dataSource: DataSource } {
  const opened = {} as { dataSource: DataSource };
  let embedded: EmbeddedPostgres | undefined;
  beforeAll(async () => {
    embedded = await EmbeddedPostgres.openIsolated();
    opened.dataSource = await openServiceDataSource(messagingDatabase, { kind: 'embedded', embedded });
  }, 60_000);
  afterAll(async () => {
    await opened.dataSource?.destroy();
    await embedded?.close();
  });
  return opened;
}

/**
 * Messaging's DataSource `count` times on one fresh database of the server, as that many instances
 * of the service hold it: opened before the tests of the enclosing `describe`, destroyed and the
 * database dropped after them. The array fills in `beforeAll`; read it inside tests.
 */
export function messagingInstancesOnPostgres(serverUrl: string, count = 2): DataSource[] {
  const database = TestDatabase.named(serverUrl);
  const instances: DataSource[] = [];
  beforeAll(async () => {
    for (let i = 0; i < count; i++) instances.push(await openServiceDataSource(messagingDatabase, { kind: 'postgres', url: database.url }));
  }, 60_000);
  afterAll(async () => {
    await Promise.all(instances.map((instance) => instance.destroy()));
    await database.drop();
  });
  return instances;
}
