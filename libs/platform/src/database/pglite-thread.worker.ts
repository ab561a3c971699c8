/**
 * The worker side of `PGliteThread`: the one PGlite of the process, on a thread of its own, so
 * that its WebAssembly (storing a 20 MB document takes seconds) never holds the event loop that
 * answers HTTP. Statements are run one after the other, in the order they came.
 */
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist';
import { runStatement } from './pglite-statement';
import type { PGliteThreadOptions, ThreadReply, ThreadRequest } from './pglite-thread-protocol';
import { describeError } from './pglite-thread-protocol';
import { pgliteTypeCodecs } from './type-parsers';

const port: MessagePort = parentPort ?? notOnAWorkerThread();

const { dataDir } = workerData as PGliteThreadOptions;
const opened = PGlite.create({ dataDir, extensions: { btree_gist }, ...pgliteTypeCodecs() }).then(async (db) => {
  await db.exec('CREATE EXTENSION IF NOT EXISTS btree_gist');
  return db;
});

// A failed open is answered too: every request then replies with that error.
let previous: Promise<unknown> = opened.catch(() => undefined);
port.on('message', (request: ThreadRequest) => {
  previous = previous.then(() => answer(request)).catch(() => undefined);
});
opened.then(
  () => port.postMessage({ id: 0, result: 'open' } satisfies ThreadReply),
  (error: unknown) => port.postMessage({ id: 0, error: describeError(error) } satisfies ThreadReply),
);

async function answer(request: ThreadRequest): Promise<void> {
  let reply: ThreadReply;
  try {
    const db = await opened;
    if ('close' in request) {
      await db.close();
      reply = { id: request.id, result: 'closed' };
    } else {
      reply = { id: request.id, result: await runStatement(db, request.text, request.values) };
    }
  } catch (error) {
    reply = { id: request.id, error: describeError(error) };
  }
  port.postMessage(reply);
}

function notOnAWorkerThread(): never {
  throw new Error('pglite-thread.worker runs as a worker thread (see PGliteThread)');
}
