import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Client } from 'pg';
import { describeOnPostgres } from '@amtsweg/eventing/testing';
import { appointmentsDatabase } from '../../apps/appointments/src/appointments.database';

const ROOT = join(__dirname, '../..');
const SCRIPT = join(ROOT, 'scripts/deploy-migrate.sh');

/** The migration Jobs' command, as the Job runs it: one service, its database URL from the environment. */
function migrate(service: string, url?: string) {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, ...(url ? { [`${service.toUpperCase()}_DATABASE_URL`]: url } : {}) };
  const run = spawnSync('sh', [SCRIPT, service], { cwd: ROOT, env, encoding: 'utf8', timeout: 60_000 });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

describeOnPostgres('scripts/deploy-migrate.sh (the Kubernetes migration Job)', (serverUrl) => {
  const suffix = randomBytes(4).toString('hex');
  // A role like CloudNativePG's application owner: it owns its database and nothing more (no CREATEDB, no superuser).
  const owner = `amtsweg_deploy_owner_${suffix}`;
  const stranger = `amtsweg_deploy_stranger_${suffix}`;
  const database = `amtsweg_deploy_${suffix}`;
  /** The test database, as `role` (the Job's view) or as the server's admin (the test's view). */
  const databaseUrl = (role?: string) => {
    const url = new URL(serverUrl);
    if (role) {
      url.username = role;
      url.password = '';
    }
    url.pathname = `/${database}`;
    return url.toString();
  };
  let admin: Client;

  beforeAll(async () => {
    // The Job runs the compiled service code: build it as the image does.
    execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'ignore' });
    admin = new Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`CREATE ROLE "${owner}" LOGIN`);
    await admin.query(`CREATE ROLE "${stranger}" LOGIN`);
    await admin.query(`CREATE DATABASE "${database}" OWNER "${owner}"`);
    await admin.query(`REVOKE ALL ON DATABASE "${database}" FROM PUBLIC`);
  }, 60_000);

  afterAll(async () => {
    await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    await admin.query(`DROP ROLE IF EXISTS "${owner}"`);
    await admin.query(`DROP ROLE IF EXISTS "${stranger}"`);
    await admin.end();
  });

  async function appliedMigrations(): Promise<{ count: number; tablesOwnedByOwner: boolean }> {
    const client = new Client({ connectionString: databaseUrl() });
    await client.connect();
    try {
      const applied = await client.query<{ count: number }>('SELECT count(*)::int AS count FROM appointments.schema_migrations');
      const owners = await client.query<{ owner: string }>(
        "SELECT DISTINCT tableowner AS owner FROM pg_tables WHERE schemaname = 'appointments'",
      );
      return {
        count: applied.rows[0].count,
        tablesOwnedByOwner: owners.rows.length > 0 && owners.rows.every((row) => row.owner === owner),
      };
    } finally {
      await client.end();
    }
  }

  it('migrates the service database as its owner role and exits', async () => {
    const run = migrate('appointments', databaseUrl(owner));
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const expected = appointmentsDatabase.migrations.length;
    expect(run.stdout.trim()).toBe(`appointments: database migrated (${expected} migrations applied)`);
    expect(await appliedMigrations()).toEqual({ count: expected, tablesOwnedByOwner: true });
  }, 60_000);

  it('changes nothing when run again (a re-run Job, or the service starting afterwards)', async () => {
    const before = await appliedMigrations();
    const run = migrate('appointments', databaseUrl(owner));
    expect(run.status).toBe(0);
    expect(await appliedMigrations()).toEqual(before);
  }, 60_000);

  it('fails with a non-zero exit (the Job retries) when the role may not use the database', () => {
    const run = migrate('appointments', databaseUrl(stranger));
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('appointments: migration failed: permission denied for database');
  }, 60_000);

  it('refuses an unknown service and a missing database setting with their own exit codes', () => {
    expect(migrate('billing').status).toBe(64);
    const unset = migrate('appointments');
    expect(unset.status).toBe(78);
    expect(unset.stderr).toContain('set DATABASE_URL or APPOINTMENTS_DATABASE_URL');
  }, 60_000);
});
