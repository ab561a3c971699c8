import type { DataSource } from 'typeorm';
import { EmbeddedPostgres } from '../database/embedded-postgres';
import { openServiceDataSource } from '../database/service-data-source';
import { CommitSignal } from './commit-signal';

describe('CommitSignal (TypeORM on the embedded database)', () => {
  let embedded: EmbeddedPostgres;
  let dataSource: DataSource;
  const written = new CommitSignal('amtsweg.test.written');
  let wakes: string[];
  let stopListening: Array<() => void>;

  beforeAll(async () => {
    embedded = await EmbeddedPostgres.openIsolated();
    dataSource = await openServiceDataSource({ service: 'probe', entities: [], migrations: [] }, { kind: 'embedded', embedded });
  }, 60_000);
  afterAll(async () => {
    await dataSource?.destroy();
    await embedded?.close();
  });
  beforeEach(() => {
    wakes = [];
    stopListening = [written.listen(dataSource, () => wakes.push('round'))];
  });
  afterEach(() => stopListening.forEach((stop) => stop()));

  it('wakes after the commit of a marked transaction, not of an unmarked one', async () => {
    await dataSource.transaction((manager) => manager.query('SELECT 1'));
    expect(wakes).toEqual([]);
    await dataSource.transaction(async (manager) => {
      written.mark(manager.queryRunner!);
      expect(wakes).toEqual([]);
    });
    expect(wakes).toEqual(['round']);
  });

  it('waits for the outermost commit: a savepoint’s release makes nothing visible yet', async () => {
    await dataSource.transaction(async (outer) => {
      await outer.transaction(async (inner) => written.mark(inner.queryRunner!));
      expect(wakes).toEqual([]);
    });
    expect(wakes).toEqual(['round']);
  });

  it('drops the mark with a rollback, so the runner’s next commit wakes nobody', async () => {
    const runner = dataSource.createQueryRunner();
    try {
      await runner.startTransaction();
      written.mark(runner);
      await runner.rollbackTransaction();
      await runner.startTransaction();
      await runner.commitTransaction();
    } finally {
      await runner.release();
    }
    expect(wakes).toEqual([]);
  });

  it('wakes every listener of the DataSource, and leaves it no subscriber once the last has stopped', async () => {
    const subscribersBefore = dataSource.subscribers.length;
    stopListening.push(written.listen(dataSource, () => wakes.push('second round')));
    expect(dataSource.subscribers).toHaveLength(subscribersBefore);
    await dataSource.transaction(async (manager) => written.mark(manager.queryRunner!));
    expect(wakes).toEqual(['round', 'second round']);

    stopListening.splice(0).forEach((stop) => stop());
    expect(dataSource.subscribers).toHaveLength(subscribersBefore - 1);
    await dataSource.transaction(async (manager) => written.mark(manager.queryRunner!));
    expect(wakes).toHaveLength(2);
  });
});
