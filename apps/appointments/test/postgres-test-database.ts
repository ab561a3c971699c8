import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/**
 * `describe` against the PostgreSQL that `DATABASE_URL` names; `describe.skip` without it —
 * except under `CI=true`, where a missing server fails the run (API-CONVENTIONS.md, "Runtime").
 */
export function describeOnPostgres(name: string, body: (serverUrl: string) => void): void {
  const serverUrl = process.env.DATABASE_URL;
  if (serverUrl) {
    describe(name, () => body(serverUrl));
    return;
  }
  if (process.env.CI === 'true') {
    describe(name, () => {
      it('runs against real PostgreSQL', () => {
        throw new Error('CI=true but DATABASE_URL is unset: the *.int-spec.ts suites must run against real PostgreSQL');
      });
    });
    return;
  }
  describe.skip(`${name} (needs DATABASE_URL)`, () => it.todo('runs against real PostgreSQL'));
}

/** A fresh database for one test file, named so that no guard mistakes it for a real one. */
export class PostgresTestDatabase {
  readonly name = `amtsweg_test_appointments_${randomBytes(6).toString('hex')}`;
  readonly url: string;

  constructor(private readonly serverUrl: string) {
    const url = new URL(serverUrl);
    url.pathname = `/${this.name}`;
    this.url = url.toString();
  }

  /** Close every DataSource on it first; FORCE ends what is left. */
  async drop(): Promise<void> {
    const admin = new URL(this.serverUrl);
    admin.pathname = '/postgres';
    const client = new Client({ connectionString: admin.toString() });
    await client.connect();
    try {
      await client.query(`DROP DATABASE IF EXISTS "${this.name}" WITH (FORCE)`);
    } finally {
      await client.end();
    }
  }
}
