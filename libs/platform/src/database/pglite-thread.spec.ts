import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGliteThread } from './pglite-thread';
import { isDatabaseUnavailable } from './postgres-errors';

describe('PGliteThread', () => {
  it('fails only the statement whose values cannot cross to the thread', async () => {
    const thread = await PGliteThread.start();
    try {
      await expect(thread.run('SELECT $1::text AS value', [() => 'a function'])).rejects.toThrow(/could not be cloned/);
      await expect(thread.run('SELECT $1::text AS value', ['plain'])).resolves.toMatchObject({
        rows: [{ value: 'plain' }],
        command: 'SELECT',
      });
    } finally {
      await thread.close();
    }
  }, 60_000);

  it("hands back timestamps as this realm's Date and bytea as Buffer, as pg does", async () => {
    const thread = await PGliteThread.start();
    try {
      const { rows } = await thread.run(`SELECT '2026-12-07T10:00:00Z'::timestamptz AS at, '\\x0102'::bytea AS bytes`);
      const [row] = rows as Array<{ at: unknown; bytes: unknown }>;
      // Under jest every test file has its own Date: a value made in the outer realm fails this.
      expect(row.at).toBeInstanceOf(Date);
      expect((row.at as Date).toISOString()).toBe('2026-12-07T10:00:00.000Z');
      expect(Buffer.isBuffer(row.bytes)).toBe(true);
      expect([...(row.bytes as Buffer)]).toEqual([1, 2]);
    } finally {
      await thread.close();
    }
  }, 60_000);

  it('answers statements after closing as an unavailable database (SQLSTATE 08006), and closes once', async () => {
    const thread = await PGliteThread.start();
    const sentBefore = thread.run('SELECT 1 AS one');
    await thread.close();
    await expect(sentBefore).resolves.toMatchObject({ rows: [{ one: 1 }] });
    const after = thread.run('SELECT 1');
    await expect(after).rejects.toMatchObject({ code: '08006' });
    expect(isDatabaseUnavailable(await after.catch((error: unknown) => error))).toBe(true);
    await expect(thread.close()).resolves.toBeUndefined();
  }, 60_000);

  it('fails to start, with the reason, when PGlite cannot open its data folder', async () => {
    const notAFolder = join(tmpdir(), `pglite-thread-spec-${process.pid}`);
    writeFileSync(notAFolder, 'a file where the data folder should be');
    await expect(PGliteThread.start({ dataDir: notAFolder })).rejects.toThrow(/errno/);
  }, 60_000);
});
