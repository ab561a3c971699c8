import { tenantPath } from './api.js';
import type { Session } from './session.js';

export type LiveListener = (event: string, data: unknown) => void;

const RECONNECT_MS = 3000;
const listeners = new Set<LiveListener>();
let connection: AbortController | undefined;

/** Receives every event of the signed-in person's stream until the returned function is called. */
export function onLiveEvent(listener: LiveListener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/**
 * Opens the messaging stream (Server-Sent Events) for `session`, reconnecting after a drop. Read
 * with fetch rather than EventSource so that the token travels in the Authorization header, not
 * in a URL that proxies log.
 */
export function connectLive(session: Session): void {
  disconnectLive();
  const controller = new AbortController();
  connection = controller;
  void (async () => {
    while (!controller.signal.aborted) {
      try {
        const response = await fetch(tenantPath(session.tenant, '/stream'), {
          headers: { authorization: `Bearer ${session.token}`, accept: 'text/event-stream' },
          signal: controller.signal,
        });
        if (response.ok && response.body) await readEvents(response.body, controller.signal);
      } catch {
        // A dropped connection: wait and open it again (the server's `retry` is the same 3 s).
      }
      if (!controller.signal.aborted) await new Promise((resolve) => setTimeout(resolve, RECONNECT_MS));
    }
  })();
}

export function disconnectLive(): void {
  connection?.abort();
  connection = undefined;
}

async function readEvents(body: ReadableStream<Uint8Array>, signal: AbortSignal): Promise<void> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  signal.addEventListener('abort', () => void reader.cancel());
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += decoder.decode(value, { stream: true });
    let boundary: number;
    while ((boundary = buffer.indexOf('\n\n')) >= 0) {
      dispatch(buffer.slice(0, boundary));
      buffer = buffer.slice(boundary + 2);
    }
  }
}

/** One SSE block: `event:` and `data:` lines; comments (heartbeats) and `retry:` are ignored. */
function dispatch(block: string): void {
  let event = 'message';
  const data: string[] = [];
  for (const line of block.split('\n')) {
    if (line.startsWith('event:')) event = line.slice(6).trim();
    else if (line.startsWith('data:')) data.push(line.slice(5).trimStart());
  }
  if (data.length === 0) return;
  const parsed: unknown = JSON.parse(data.join('\n'));
  for (const listener of listeners) listener(event, parsed);
}
