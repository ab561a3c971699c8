import type { DataSource, EntitySubscriberInterface, QueryRunner, TransactionCommitEvent, TransactionRollbackEvent } from 'typeorm';

// A mark on the transaction's QueryRunner: only commits that wrote to the outbox wake the relay.
const OUTBOX_WRITTEN = 'amtsweg.eventing.outboxWritten';

export function markOutboxWritten(queryRunner: QueryRunner): void {
  queryRunner.data[OUTBOX_WRITTEN] = true;
}

function takeOutboxWritten(queryRunner: QueryRunner): boolean {
  const written = queryRunner.data[OUTBOX_WRITTEN] === true;
  delete queryRunner.data[OUTBOX_WRITTEN];
  return written;
}

/**
 * Calls `wake` after every commit on `dataSource` that appended to the outbox, so events leave
 * at once instead of at the next poll. Returns the function that unregisters it.
 *
 * `wake` runs while the committing transaction still holds its connection (on the embedded
 * database: the one session), so it must only schedule work, never await a query.
 */
export function onOutboxCommit(dataSource: DataSource, wake: () => void): () => void {
  const subscriber: EntitySubscriberInterface = {
    afterTransactionCommit(event: TransactionCommitEvent) {
      if (takeOutboxWritten(event.queryRunner)) wake();
    },
    afterTransactionRollback(event: TransactionRollbackEvent) {
      takeOutboxWritten(event.queryRunner);
    },
  };
  dataSource.subscribers.push(subscriber);
  return () => {
    const index = dataSource.subscribers.indexOf(subscriber);
    if (index >= 0) dataSource.subscribers.splice(index, 1);
  };
}
