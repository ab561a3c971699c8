/** The real servers the `*.int-spec.ts` suites run against. */
export interface Infrastructure {
  kafkaBrokers: string[];
  databaseUrl: string;
}

/**
 * Both of `KAFKA_BROKERS` and `DATABASE_URL`, or undefined (the suites skip themselves) — except
 * under `CI=true`, where a missing one throws: CI must not pass without Kafka and PostgreSQL.
 */
export function infrastructureFromEnv(env: NodeJS.ProcessEnv = process.env): Infrastructure | undefined {
  const kafkaBrokers = (env.KAFKA_BROKERS ?? '')
    .split(',')
    .map((broker) => broker.trim())
    .filter(Boolean);
  const databaseUrl = env.DATABASE_URL ?? '';
  if (kafkaBrokers.length > 0 && databaseUrl) return { kafkaBrokers, databaseUrl };
  if (env.CI === 'true') {
    const missing = [kafkaBrokers.length === 0 && 'KAFKA_BROKERS', !databaseUrl && 'DATABASE_URL'].filter(Boolean).join(' and ');
    throw new Error(`CI=true but ${missing} unset: the *.int-spec.ts suites must run against real Kafka and PostgreSQL`);
  }
  return undefined;
}

/** `describe` on real Kafka and PostgreSQL; `describe.skip` without them (a failure under CI). */
export function describeWithInfrastructure(name: string, body: (infrastructure: Infrastructure) => void): void {
  const infrastructure = infrastructureFromEnv();
  if (infrastructure) describe(name, () => body(infrastructure));
  else describe.skip(`${name} (needs KAFKA_BROKERS and DATABASE_URL)`, () => it.todo('runs against real Kafka and PostgreSQL'));
}

/**
 * `describe` on the PostgreSQL server `DATABASE_URL` names, for suites that need no broker;
 * `describe.skip` without it — except under `CI=true`, where its absence fails the run.
 */
export function describeOnPostgres(name: string, body: (serverUrl: string) => void): void {
  const serverUrl = process.env.DATABASE_URL;
  if (serverUrl) describe(name, () => body(serverUrl));
  else if (process.env.CI === 'true') {
    describe(name, () => {
      it('runs against real PostgreSQL', () => {
        throw new Error('CI=true but DATABASE_URL is unset: the *.int-spec.ts suites must run against real PostgreSQL');
      });
    });
  } else describe.skip(`${name} (needs DATABASE_URL)`, () => it.todo('runs against real PostgreSQL'));
}
