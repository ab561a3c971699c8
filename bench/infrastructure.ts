import { infrastructureFromEnv, type Infrastructure } from '../libs/eventing/src/testing';

/** KAFKA_BROKERS and DATABASE_URL, or an error that says how to set them. */
export function requireInfrastructure(command: string): Infrastructure {
  const infrastructure = infrastructureFromEnv({ ...process.env, CI: undefined });
  if (!infrastructure) {
    throw new Error(
      `${command} needs KAFKA_BROKERS and DATABASE_URL (a Kafka broker and a PostgreSQL server), e.g.\n` +
        `  KAFKA_BROKERS=127.0.0.1:9092 DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres ${command}`,
    );
  }
  return infrastructure;
}

/** BENCH_QUICK=1: a short development run (fewer, smaller runs); its figures are not for the record. */
export const QUICK = process.env.BENCH_QUICK === '1';

/** A topic and consumer-group prefix of the benchmark's own on the shared broker, deleted afterwards. */
export function benchTopicPrefix(name: string): string {
  return `bench-${name}-${Math.random().toString(36).slice(2, 10)}.`;
}

/**
 * For a promise awaited only after a loop that keeps sending: its failure must not count as an
 * unhandled rejection meanwhile (which ends the process before any cleanup). The awaiting still sees it.
 */
export function handledLater<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}
