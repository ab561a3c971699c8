import { monitorEventLoopDelay } from 'node:perf_hooks';
import { startSignaturesApp, type SignaturesTestApp } from './signatures-app';
import { largePdf } from './signing-fixtures';

const STAFF = 'staff@demo.example';

/**
 * Reading and checking this document (12 000 pages, 5 MB) holds a thread for about a second here;
 * on the event loop, every request of every tenant (and /health/live) would wait that long.
 * Beside it, the loop only receives the upload and copies the bytes to the worker.
 */
const LARGE_PAGES = 12_000;
const STALL_LIMIT_MS = 250;

/** The longest the event loop did not turn while `work` ran. */
async function longestStallMs(work: () => Promise<unknown>): Promise<number> {
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  try {
    await work();
  } finally {
    delay.disable();
  }
  return delay.max / 1e6;
}

function verify(t: SignaturesTestApp, token: string, pdf: Buffer) {
  return t
    .http()
    .post('/api/v1/tenants/demo/signatures/verify')
    .set('Authorization', `Bearer ${token}`)
    .attach('file', pdf, { filename: 'anlage.pdf', contentType: 'application/pdf' });
}

describe('PDF work beside the event loop', () => {
  let t: SignaturesTestApp;
  let staff: string;
  const large = largePdf(LARGE_PAGES, 200);

  beforeAll(async () => {
    t = await startSignaturesApp();
    staff = await t.token(STAFF);
    // The first job starts the worker; what is measured is the job, not the start.
    await verify(t, staff, largePdf(1)).expect(200);
  }, 60_000);
  afterAll(() => t?.close());

  it('verifies a large PDF while the event loop keeps turning', async () => {
    let status = 0;
    const stall = await longestStallMs(async () => ({ status } = await verify(t, staff, large)));
    expect(status).toBe(200);
    expect(stall).toBeLessThan(STALL_LIMIT_MS);
  }, 60_000);
});

describe('a full PDF queue', () => {
  let t: SignaturesTestApp;
  let staff: string;

  beforeAll(async () => {
    t = await startSignaturesApp({ env: { SIGNATURES_PDF_WORKERS: '1', SIGNATURES_PDF_QUEUE_MAX: '1' } });
    staff = await t.token(STAFF);
  }, 60_000);
  afterAll(() => t?.close());

  it('answers 503 SERVICE.BUSY with Retry-After beyond the running and queued jobs, and does those', async () => {
    const large = largePdf(LARGE_PAGES, 200);
    const responses = await Promise.all(Array.from({ length: 5 }, () => verify(t, staff, large)));
    const busy = responses.filter((response) => response.status === 503);
    expect(busy.length).toBeGreaterThanOrEqual(1);
    expect(responses.filter((response) => response.status === 200).length).toBeGreaterThanOrEqual(2);
    expect(busy.length + responses.filter((response) => response.status === 200).length).toBe(5);
    for (const response of busy) {
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.body).toMatchObject({ status: 503, code: 'SERVICE.BUSY' });
      expect(response.headers['retry-after']).toMatch(/^[1-9]\d*$/);
    }
  }, 120_000);
});
