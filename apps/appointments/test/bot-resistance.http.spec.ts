import request from 'supertest';
import { solveChallenge, type Challenge } from '../src/bot-resistance/proof-of-work';
import { startAppointmentsTestApp, type AppointmentsTestApp } from './appointments-test-app';
import { addOffice, addService, addTenant } from './fixtures';

describe('bot resistance: proof of work and the per-address rate limit (embedded database)', () => {
  let t: AppointmentsTestApp;
  const offices: Record<string, { officeId: string; serviceId: string }> = {};

  beforeAll(async () => {
    t = await startAppointmentsTestApp();
    for (const slug of ['guarded', 'limited']) {
      await addTenant(t.dataSource, slug, { holdMinutes: null, waitingOfferMinutes: 30, bookingWindowDays: 14, leadTimeMinutes: 0 });
      offices[slug] = {
        officeId: (await addOffice(t.dataSource, { counters: 3, tenant: slug })).officeId,
        serviceId: await addService(t.dataSource, slug, 30),
      };
    }
    await t.dataSource.query(`UPDATE appointments.tenant SET proof_of_work_max_number = 1000 WHERE slug = 'guarded'`);
    await t.dataSource.query(`UPDATE appointments.tenant SET requests_per_minute_per_address = 3 WHERE slug = 'limited'`);
  }, 60_000);
  afterAll(() => t?.close());

  const book = (tenant: string, start: string, altcha?: string) => {
    const post = t.http().post(`/api/v1/tenants/${tenant}/bookings`);
    if (altcha) post.set('x-altcha', altcha);
    return post.send({ ...offices[tenant], start, citizen: { name: 'Erika Mustermann', email: 'erika@example.org' } });
  };
  const solved = async (tamper: (solution: Record<string, unknown>) => void = () => undefined): Promise<string> => {
    const challenge = (await t.http().get('/api/v1/tenants/guarded/challenge').expect(200)).body as Challenge;
    expect(challenge).toMatchObject({ algorithm: 'SHA-256', maxnumber: 1000, salt: expect.stringMatching(/\?expires=\d+$/) });
    const solution = { ...solveChallenge(challenge)! } as Record<string, unknown>;
    tamper(solution);
    return Buffer.from(JSON.stringify(solution)).toString('base64');
  };
  const problem = (response: request.Response) => ({
    status: response.status,
    code: response.body.code,
    type: response.headers['content-type'],
  });

  it('holds a slot only for a request with a solved challenge, and each solution works once', async () => {
    expect(problem(await book('guarded', '2026-12-01T09:00:00+01:00'))).toEqual({
      status: 400,
      code: 'CHALLENGE.REQUIRED',
      type: expect.stringMatching(/problem\+json/),
    });
    expect(problem(await book('guarded', '2026-12-01T09:00:00+01:00', 'not base64 json'))).toMatchObject({
      status: 400,
      code: 'CHALLENGE.MALFORMED',
    });

    const altcha = await solved();
    await book('guarded', '2026-12-01T09:00:00+01:00', altcha).expect(201);
    expect(problem(await book('guarded', '2026-12-01T09:30:00+01:00', altcha))).toMatchObject({
      status: 409,
      code: 'CHALLENGE.ALREADY_USED',
    });
  });

  it('refuses a wrong number, a forged signature and an expired challenge with 403', async () => {
    const wrongNumber = await solved((s) => (s.number = (s.number as number) + 1));
    expect(problem(await book('guarded', '2026-12-01T10:00:00+01:00', wrongNumber))).toMatchObject({
      status: 403,
      code: 'CHALLENGE.INVALID',
    });
    const forged = await solved((s) => (s.signature = 'ab'.repeat(32)));
    expect(problem(await book('guarded', '2026-12-01T10:00:00+01:00', forged))).toMatchObject({ status: 403, code: 'CHALLENGE.INVALID' });

    const late = await solved();
    const now = t.clock.now();
    t.clock.set(new Date(now.getTime() + 301_000));
    try {
      expect(problem(await book('guarded', '2026-12-01T10:00:00+01:00', late))).toMatchObject({ status: 403, code: 'CHALLENGE.INVALID' });
    } finally {
      t.clock.set(now);
    }
  });

  it('answers 429 with Retry-After once an address has used up the tenant’s requests for the minute', async () => {
    const starts = ['09:00', '09:30', '10:00', '10:30'].map((time) => `2026-12-01T${time}:00+01:00`);
    for (const start of starts.slice(0, 3)) await book('limited', start).expect(201);
    const refused = await book('limited', starts[3]);
    expect(problem(refused)).toMatchObject({ status: 429, code: 'REQUEST.RATE_LIMITED' });
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    // Other tenants count apart.
    await book('guarded', starts[3], await solved()).expect(201);
  });
});
