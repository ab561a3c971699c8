import type { DataSource, EntitySubscriberInterface, QueryRunner, TransactionCommitEvent, TransactionRollbackEvent } from 'typeorm';

type Wake = () => void;

interface Subscription {
  wakes: Set<Wake>;
  subscriber: EntitySubscriberInterface;
}

/**
 * "This transaction wrote work for a round" (an outbox event, a mail): the writer marks its
 * transaction, and when the outermost transaction commits, the rounds listening on that DataSource
 * are woken at once instead of at their next poll. Only the outermost commit makes the work visible
 * to a round; a savepoint's release wakes nobody, and a rollback drops the mark.
 */
export class CommitSignal {
  private readonly subscriptions = new WeakMap<DataSource, Subscription>();

  /** @param key the mark on the transaction's QueryRunner: one per kind of work. */
  constructor(private readonly key: string) {}

  mark(queryRunner: QueryRunner): void {
    queryRunner.data[this.key] = true;
  }

  /**
   * Calls `wake` after every commit on `dataSource` of a marked transaction. Returns the function
   * that unregisters it.
   *
   * `wake` runs while the committing transaction still holds its connection (on the embedded
   * database: the one session), so it must only schedule work, never await a query.
   */
  listen(dataSource: DataSource, wake: Wake): () => void {
    const subscription = this.subscriptions.get(dataSource) ?? this.subscribe(dataSource);
    // Its own function, so that the same `wake` listening twice is unregistered twice.
    const listener: Wake = () => wake();
    subscription.wakes.add(listener);
    return () => {
      subscription.wakes.delete(listener);
      if (subscription.wakes.size > 0 || this.subscriptions.get(dataSource) !== subscription) return;
      this.subscriptions.delete(dataSource);
      const index = dataSource.subscribers.indexOf(subscription.subscriber);
      if (index >= 0) dataSource.subscribers.splice(index, 1);
    };
  }

  /** One subscriber per DataSource: the first of several to take the mark would hide it from the rest. */
  private subscribe(dataSource: DataSource): Subscription {
    const wakes = new Set<Wake>();
    const key = this.key;
    const subscriber: EntitySubscriberInterface = {
      afterTransactionCommit({ queryRunner }: TransactionCommitEvent) {
        if (queryRunner.isTransactionActive || queryRunner.data?.[key] !== true) return;
        delete queryRunner.data[key];
        for (const wake of wakes) wake();
      },
      afterTransactionRollback({ queryRunner }: TransactionRollbackEvent) {
        if (!queryRunner.isTransactionActive && queryRunner.data) delete queryRunner.data[key];
      },
    };
    dataSource.subscribers.push(subscriber);
    const subscription = { wakes, subscriber };
    this.subscriptions.set(dataSource, subscription);
    return subscription;
  }
}
