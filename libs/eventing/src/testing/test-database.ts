import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/** A database of its own on the PostgreSQL server, for one test file; `drop()` removes it. */
export class TestDatabase {
  private constructor(
    readonly url: string,
    private readonly name: string,
    readonly serverUrl: string,
  ) {}

  /** The database is created by the first openServiceDataSource on `url`. */
  static named(serverUrl: string): TestDatabase {
    const name = `amtsweg_test_${randomBytes(6).toString('hex')}`;
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    return new TestDatabase(url.toString(), name, serverUrl);
  }

  /** Close its DataSources first; FORCE ends whatever connection is left. */
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
