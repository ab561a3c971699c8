import { mkdirSync } from 'node:fs';
import { PGliteSession } from './pglite-lease-pool';
import { PGliteThread } from './pglite-thread';

/**
 * One PGlite per process (each costs ~300 MB), shared by every service through a schema each. It
 * runs on a worker thread of its own (PGliteThread): storing a large document takes PGlite seconds
 * of WebAssembly, which on the main thread would hold every HTTP answer meanwhile.
 * `dataDir` undefined keeps it in memory (tests).
 */
export class EmbeddedPostgres {
  private static opened = new Map<string, Promise<EmbeddedPostgres>>();

  private constructor(
    private readonly thread: PGliteThread,
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
    const thread = await PGliteThread.start({ dataDir });
    return new EmbeddedPostgres(thread, new PGliteSession(thread));
  }

  async close(): Promise<void> {
    for (const [key, opening] of EmbeddedPostgres.opened) {
      if ((await opening) === this) EmbeddedPostgres.opened.delete(key);
    }
    await this.thread.close();
  }

  /** Closes this instance if `open()` made it; an isolated one belongs to whoever opened it (a test). */
  async closeIfShared(): Promise<void> {
    for (const opening of EmbeddedPostgres.opened.values()) {
      if ((await opening) === this) return this.close();
    }
  }
}
