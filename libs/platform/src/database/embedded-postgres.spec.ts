import { EmbeddedPostgres } from './embedded-postgres';
import type { LeasedConnection } from './pglite-lease-pool';
import { PgError } from './postgres-errors';

/** A document as large as an upload may be (20 MiB), text-like as a generated PDF is. */
const DOCUMENT = Buffer.alloc(20 * 1024 * 1024, 'BT /F1 9 Tf 40 800 Td (Zeile einer langen Anlage) Tj ET\n');
/**
 * Generous: on the main thread PGlite held it for the whole statement (a 20 MB document for tens
 * of seconds, pg_sleep(2) for 2 s); on its own thread the pauses are a structured clone of 20 MB
 * and the machine's noise.
 */
const RESPONSIVE_MS = 1_000;

/** The longest time the event loop went without running a 5 ms timer while `work` ran. */
async function longestPause(work: () => unknown): Promise<number> {
  let last = performance.now();
  let longest = 0;
  const ticker = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
  }, 5);
  try {
    await work();
  } finally {
    clearInterval(ticker);
  }
  return Math.max(longest, performance.now() - last);
}

describe('EmbeddedPostgres', () => {
  let embedded: EmbeddedPostgres;
  let connection: LeasedConnection;
  beforeAll(async () => {
    embedded = await EmbeddedPostgres.openIsolated();
    connection = await embedded.session.lease();
    await connection.query(
      'CREATE TABLE document (id int PRIMARY KEY, pdf bytea NOT NULL, stored_at timestamptz NOT NULL, amount numeric NOT NULL)',
    );
  }, 60_000);
  afterAll(async () => {
    connection.release();
    await embedded.close();
  });

  it('runs statements off the event loop: timers keep running through a two-second pg_sleep', async () => {
    const pause = await longestPause(() => connection.query('SELECT pg_sleep(2)'));
    expect(pause).toBeLessThan(RESPONSIVE_MS);
  });

  it('keeps the event loop answering while it stores and reads back a 20 MB document', async () => {
    const pause = await longestPause(async () => {
      await connection.query('INSERT INTO document (id, pdf, stored_at, amount) VALUES ($1, $2, now(), 1)', [1, DOCUMENT]);
      await connection.query('SELECT pdf FROM document WHERE id = $1', [1]);
    });
    expect(pause).toBeLessThan(RESPONSIVE_MS);
  }, 180_000);

  it('hands bytea back as a Buffer, Dates as Dates and numeric as the exact text, as `pg` does', async () => {
    const storedAt = new Date('2026-12-07T10:15:00.123Z');
    await connection.query('INSERT INTO document (id, pdf, stored_at, amount) VALUES ($1, $2, $3, $4)', [
      2,
      Buffer.from('%PDF-1.7'),
      storedAt,
      '12345678901234567890.5',
    ]);
    const { rows } = (await connection.query('SELECT pdf, stored_at, amount FROM document WHERE id = $1', [2])) as {
      rows: Array<Record<string, unknown>>;
    };
    expect(Buffer.isBuffer(rows[0].pdf)).toBe(true);
    expect((rows[0].pdf as Buffer).toString()).toBe('%PDF-1.7');
    expect(rows[0].stored_at).toEqual(storedAt);
    expect(rows[0].amount).toBe('12345678901234567890.5');
  });

  it('rejects with PostgreSQL’s fields: SQLSTATE, constraint, detail', async () => {
    const failed = connection.query('INSERT INTO document (id, pdf, stored_at, amount) VALUES ($1, $2, now(), 1)', [
      2,
      Buffer.from('again'),
    ]);
    await expect(failed).rejects.toThrow(/duplicate key value violates unique constraint "document_pkey"/);
    await expect(failed).rejects.toMatchObject({
      code: PgError.uniqueViolation,
      constraint: 'document_pkey',
      detail: 'Key (id)=(2) already exists.',
    });
  });

  it('runs several statements without parameters at once, answering with the last one', async () => {
    const result = (await connection.query('SELECT 1 AS first; SELECT 41 + 1 AS answer')) as { rows: unknown[]; command: string };
    expect(result.rows).toEqual([{ answer: 42 }]);
    expect(result.command).toBe('SELECT');
  });
});
