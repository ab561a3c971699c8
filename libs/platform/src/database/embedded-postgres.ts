import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist';
import { PGliteSession } from './pglite-lease-pool';
import { RAW_TEXT_TYPES } from './type-parsers';

/**
 * One PGlite per process (each costs ~300 MB), shared by every service through a schema each.
 * `dataDir` undefined keeps it in memory (tests).
 */
export class EmbeddedPostgres {
  private static opened = new Map<string, Promise<EmbeddedPostgres>>();

  private constructor(
    readonly db: PGlite,
    readonly session: PGliteSession,
  ) {}

  static open(dataDir?: string): Promise<EmbeddedPostgres> {
    const key = dataDir ?? 'memory://';
    let opening = EmbeddedPostgres.opened.get(key);
    if (!opening) {
      opening = EmbeddedPostgres.create(dataDir);
      EmbeddedPostgres.opened.set(key, opening);
    }
    return opening;
  }

  /** A private in-memory instance, for tests that must not share state. */
  static async openIsolated(): Promise<EmbeddedPostgres> {
    return EmbeddedPostgres.create(undefined);
  }

  private static async create(dataDir?: string): Promise<EmbeddedPostgres> {
    if (dataDir) mkdirSync(dataDir, { recursive: true });
    const parsers = Object.fromEntries(RAW_TEXT_TYPES.map((oid) => [oid, (value: string) => value]));
    const db = await PGlite.create({
      dataDir: dataDir ? join(dataDir) : undefined,
      extensions: { btree_gist },
      parsers,
    });
    await db.exec('CREATE EXTENSION IF NOT EXISTS btree_gist');
    return new EmbeddedPostgres(db, new PGliteSession(db));
  }

  async close(): Promise<void> {
    for (const [key, opening] of EmbeddedPostgres.opened) {
      if ((await opening) === this) EmbeddedPostgres.opened.delete(key);
    }
    if (!this.db.closed) await this.db.close();
  }

  /** Closes this instance if `open()` made it; an isolated one belongs to whoever opened it (a test). */
  async closeIfShared(): Promise<void> {
    for (const opening of EmbeddedPostgres.opened.values()) {
      if ((await opening) === this) return this.close();
    }
  }
}
