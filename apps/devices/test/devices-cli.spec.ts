import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { KnownTenantsProjection } from '@amtsweg/eventing';
import { EmbeddedPostgres, openServiceDataSource } from '@amtsweg/platform';
import type { DataSource } from 'typeorm';
import { runDevicesCli } from '../src/cli/devices-cli';
import { devicesDatabase } from '../src/devices.database';
import { windows1252 } from './windows-1252';

describe('command line: devices import <file.csv> --tenant demo', () => {
  let embedded: EmbeddedPostgres;
  let dataSource: DataSource;
  let dir: string;

  beforeAll(async () => {
    embedded = await EmbeddedPostgres.openIsolated();
    dataSource = await openServiceDataSource(devicesDatabase, { kind: 'embedded', embedded });
    dir = mkdtempSync(join(tmpdir(), 'amtsweg-devices-cli-'));
    // What devices' consumer writes on appointments' tenant events: the CLI asks this projection.
    const tenants = new KnownTenantsProjection(dataSource, 'devices');
    await dataSource.transaction(async (manager) => {
      for (const [slug, suspended] of [
        ['demo', false],
        ['muster', false],
        ['ruhend', true],
      ] as const)
        await tenants.apply(
          manager,
          { slug, name: slug, federalState: 'NW', timeZone: 'Europe/Berlin', suspended, revision: 1 },
          new Date(),
        );
    });
  }, 60_000);
  afterAll(async () => {
    await dataSource?.destroy();
    await embedded?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  function run(argv: string[]) {
    let stdout = '';
    let stderr = '';
    const io = {
      env: {},
      stdout: { write: (text: string) => (stdout += text) },
      stderr: { write: (text: string) => (stderr += text), isTTY: false },
      // The CLI closes what it opened; here the test keeps the database for its assertions.
      openDatabase: async () => ({ dataSource, close: async () => undefined }),
    };
    return runDevicesCli(argv, io).then((code) => ({ code, stdout, stderr }));
  }

  it('imports the file, shows progress on stderr, prints the report, and a second run changes nothing', async () => {
    const rows = Array.from({ length: 2_500 }, (_, n) => `laptop,Lenovo ThinkPad T14,CLI-${n}`);
    const file = join(dir, 'geraete.csv');
    writeFileSync(file, ['type,model,serial', ...rows, 'laptop,Lenovo ThinkPad T14,CLI-0'].join('\n'));

    const first = await run(['devices', 'import', file, '--tenant', 'demo']);
    expect(first.code).toBe(1);
    expect(JSON.parse(first.stdout)).toEqual({
      encoding: 'utf-8',
      imported: 2_500,
      unchanged: 0,
      failedCount: 1,
      failed: [{ line: 2_502, reason: expect.stringContaining('Zeile 2') }],
    });
    expect(first.stderr).toMatch(/\[#{20}\] 100 % · 2\.501 Zeilen · 2\.500 importiert/);
    expect(first.stderr.split('\n').filter(Boolean).length).toBeGreaterThan(2); // a line per batch

    const second = await run(['devices', 'import', file, '--tenant', 'demo', '--actor', 'it-admin-1']);
    expect(JSON.parse(second.stdout)).toMatchObject({ imported: 0, unchanged: 2_500 });
    const [{ count }] = await dataSource.query(
      `SELECT count(*)::int AS count FROM devices.device WHERE tenant = 'demo' AND created_via = 'import' AND created_by = $1`,
      [userInfo().username],
    );
    expect(count).toBe(2_500);
  });

  it('reads a Windows-1252 file from German Excel and says so in the report', async () => {
    const file = join(dir, 'excel.csv');
    writeFileSync(file, windows1252('Gerätetyp;Modell;Seriennummer;Lieferdatum\r\nlaptop;Gerät für Jürgen;CLI-W-1;07.12.2026\r\n'));
    const result = await run(['devices', 'import', file, '--tenant', 'demo']);
    expect(JSON.parse(result.stdout)).toEqual({ encoding: 'windows-1252', imported: 1, unchanged: 0, failed: [], failedCount: 0 });
    const [device] = await dataSource.query(`SELECT model, delivered_on::text FROM devices.device WHERE serial = 'CLI-W-1'`);
    expect(device).toEqual({ model: 'Gerät für Jürgen', delivered_on: '2026-12-07' });
  });

  it('records the operating system user as the actor when --actor is missing', async () => {
    const file = join(dir, 'ohne-actor.csv');
    writeFileSync(file, 'type,model,serial\nlaptop,Lenovo ThinkPad T14,OSUSER-1\n');
    expect((await run(['devices', 'import', file, '--tenant', 'muster'])).code).toBe(0);
    const [{ created_by }] = await dataSource.query(
      `SELECT created_by FROM devices.device WHERE tenant = 'muster' AND serial = 'OSUSER-1'`,
    );
    expect(created_by).toBe(userInfo().username);
  });

  it('refuses a tenant it does not know with 2 and one line on stderr, and imports nothing', async () => {
    const file = join(dir, 'fremd.csv');
    writeFileSync(file, 'type,model,serial\nlaptop,Lenovo ThinkPad T14,GHOST-1\n');
    const result = await run(['devices', 'import', file, '--tenant', 'gibt-es-nicht']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('Mandant „gibt-es-nicht“ ist nicht bekannt; nichts importiert.\n');
    expect(result.stdout).toBe('');
    const [{ count }] = await dataSource.query(`SELECT count(*)::int AS count FROM devices.device WHERE serial = 'GHOST-1'`);
    expect(count).toBe(0);
  });

  it('refuses a suspended tenant with 2, and imports nothing', async () => {
    const file = join(dir, 'ruhend.csv');
    writeFileSync(file, 'type,model,serial\nlaptop,X,RUHEND-1\n');
    const result = await run(['devices', 'import', file, '--tenant', 'ruhend']);
    expect(result).toMatchObject({ code: 2, stdout: '' });
    expect(result.stderr).toContain('gesperrt');
    const [{ count }] = await dataSource.query(`SELECT count(*)::int AS count FROM devices.device WHERE tenant = 'ruhend'`);
    expect(count).toBe(0);
  });

  it('answers 2 with the usage to a wrong call, a bad tenant or a missing file', async () => {
    expect((await run(['devices', 'import', 'x.csv'])).code).toBe(2);
    expect((await run(['devices', 'export', 'x.csv', '--tenant', 'demo'])).stderr).toContain('Aufruf');
    expect((await run(['devices', 'import', 'x.csv', '--tenant', 'Demo!'])).code).toBe(2);
    expect((await run(['devices', 'import', join(dir, 'fehlt.csv'), '--tenant', 'demo'])).stderr).toContain('kann nicht gelesen werden');
  });
});
