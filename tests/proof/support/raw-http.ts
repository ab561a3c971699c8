import { Agent, request } from 'node:http';

export interface RawRequest {
  method: string;
  /** Sent byte for byte: no URL normalisation, so `..` and `%2F` reach the server as written. */
  path: string;
  headers?: Record<string, string>;
  body?: Buffer | string;
  /** Read the whole answer (the OpenAPI document), not only its first 64 KiB. */
  wholeBody?: boolean;
}

export interface RawResponse {
  status: number;
  contentType: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

const MAX_BODY_BYTES = 64 * 1024;

/**
 * One HTTP exchange with the app under test. A long-lived answer (an event stream) is cut after its
 * headers, and bodies are read only up to 64 KiB: the proofs look at status, headers and problem
 * details, never at large payloads.
 */
export class RawHttpClient {
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 8 });

  constructor(private readonly port: number) {}

  send(exchange: RawRequest): Promise<RawResponse> {
    return new Promise((resolve, reject) => {
      const body = exchange.body === undefined ? undefined : Buffer.isBuffer(exchange.body) ? exchange.body : Buffer.from(exchange.body);
      const headers: Record<string, string> = { ...exchange.headers };
      if (body) headers['content-length'] = String(body.length);
      let answered = false;
      const outgoing = request(
        { host: '127.0.0.1', port: this.port, method: exchange.method, path: exchange.path, headers, agent: this.agent, timeout: 20_000 },
        (incoming) => {
          answered = true;
          const contentType = String(incoming.headers['content-type'] ?? '');
          const answer = (text: string): void =>
            resolve({ status: incoming.statusCode ?? 0, contentType, headers: incoming.headers, body: text });
          if (contentType.startsWith('text/event-stream')) {
            incoming.destroy();
            answer('');
            return;
          }
          const chunks: Buffer[] = [];
          let size = 0;
          incoming.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (exchange.wholeBody || size <= MAX_BODY_BYTES) chunks.push(chunk);
          });
          incoming.on('end', () => answer(Buffer.concat(chunks).toString('utf8')));
          incoming.on('error', reject);
        },
      );
      outgoing.on('timeout', () => outgoing.destroy(new Error(`no answer within 20 s: ${exchange.method} ${exchange.path}`)));
      // A server may answer (413, 400) before it has read the whole body and then close the socket:
      // the answer counts, the broken write after it does not.
      outgoing.on('error', (error) => (answered ? undefined : reject(error)));
      outgoing.end(body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

/** Whether an answer is `application/problem+json` with a non-empty `detail` (API-CONVENTIONS.md). */
/** RFC 7644 §3.12: what the SCIM routes answer instead of problem+json. */
export function isScimErrorWithDetail(response: RawResponse): boolean {
  if (!response.contentType.startsWith('application/scim+json')) return false;
  try {
    const error = JSON.parse(response.body) as { schemas?: unknown; status?: unknown; detail?: unknown };
    return (
      Array.isArray(error.schemas) &&
      error.schemas.includes('urn:ietf:params:scim:api:messages:2.0:Error') &&
      error.status === String(response.status) &&
      typeof error.detail === 'string' &&
      error.detail.length > 0
    );
  } catch {
    return false;
  }
}

export function isProblemWithDetail(response: RawResponse): boolean {
  if (!response.contentType.startsWith('application/problem+json')) return false;
  try {
    const problem = JSON.parse(response.body) as { detail?: unknown };
    return typeof problem.detail === 'string' && problem.detail.length > 0;
  } catch {
    return false;
  }
}
