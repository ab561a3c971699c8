import { get, type ClientRequest, type IncomingMessage } from 'node:http';

export interface ReceivedEvent {
  event: string;
  data: unknown;
  /** `performance.now()` when the event was parsed: benchmarks measure delivery latency with it. */
  receivedAt: number;
}

/** A minimal Server-Sent Events client for tests: collects every event of one stream. */
export class SseClient {
  readonly events: ReceivedEvent[] = [];
  /** Resolves when the server ends the stream (or the connection drops). */
  readonly ended: Promise<void>;
  private request?: ClientRequest;
  private buffer = '';
  private markEnded!: () => void;

  private constructor() {
    this.ended = new Promise((resolve) => (this.markEnded = resolve));
  }

  /** Resolves once the server answered (status and headers); rejects on a non-200 answer. */
  static open(url: string, headers: Record<string, string> = {}): Promise<SseClient> {
    const client = new SseClient();
    return new Promise((resolve, reject) => {
      client.request = get(url, { headers: { accept: 'text/event-stream', ...headers } }, (response: IncomingMessage) => {
        if (response.statusCode !== 200) {
          response.resume();
          reject(Object.assign(new Error(`stream answered ${response.statusCode}`), { status: response.statusCode }));
          return;
        }
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => client.take(chunk));
        response.on('error', () => undefined);
        response.on('close', () => client.markEnded());
        resolve(client);
      });
      client.request.on('error', reject);
    });
  }

  of(event: string): unknown[] {
    return this.events.filter((e) => e.event === event).map((e) => e.data);
  }

  close(): void {
    this.request?.destroy();
  }

  private take(chunk: string): void {
    this.buffer += chunk;
    let end: number;
    while ((end = this.buffer.indexOf('\n\n')) >= 0) {
      const block = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 2);
      let event = 'message';
      const data: string[] = [];
      for (const line of block.split('\n')) {
        if (line.startsWith('event: ')) event = line.slice(7);
        else if (line.startsWith('data: ')) data.push(line.slice(6));
      }
      if (data.length > 0) this.events.push({ event, data: JSON.parse(data.join('\n')), receivedAt: performance.now() });
    }
  }
}
