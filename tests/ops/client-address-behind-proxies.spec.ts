import { mkdtempSync, rmSync } from 'node:fs';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { createServiceApp, EmbeddedPostgres, loadConfig, startServiceApp } from '@amtsweg/platform';
import { startAppointmentsTestApp, type AppointmentsTestApp } from '../../apps/appointments/test/appointments-test-app';
import { addTenant } from '../../apps/appointments/test/fixtures';
import { gatewayProcess } from '../../apps/gateway/src/gateway.process';

/**
 * The gateway "on another pod": the services see it by a non-loopback address, as in Kubernetes.
 * Every hop listens on (and connects from) this host's own non-loopback IPv4 address.
 */
function podAddress(): string {
  const address = Object.values(networkInterfaces())
    .flat()
    .find((entry) => entry?.family === 'IPv4' && !entry.internal)?.address;
  if (!address) throw new Error('this test needs a non-loopback IPv4 address on the host');
  return address;
}

const LIMIT = 2;
const CITIZEN_A = '203.0.113.7';
const CITIZEN_B = '198.51.100.23';

describe('client addresses behind an ingress and the gateway (per-address rate limit)', () => {
  const host = podAddress();
  const dataDir = mkdtempSync(join(tmpdir(), 'amtsweg-proxy-'));
  let embedded: EmbeddedPostgres;
  const running: Array<{ close(): Promise<void> }> = [];

  beforeAll(async () => {
    embedded = await EmbeddedPostgres.openIsolated();
  }, 60_000);

  afterAll(async () => {
    for (const app of running.reverse()) await app.close();
    await embedded?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** Appointments behind a gateway, both with the given TRUST_PROXY (unset: the default); returns the gateway's URL. */
  async function topology(trust: { gateway?: string; service?: string }, tenant: string): Promise<string> {
    const appointments: AppointmentsTestApp = await startAppointmentsTestApp({
      database: embedded,
      env: trust.service ? { TRUST_PROXY: trust.service } : {},
    });
    running.push(appointments);
    await addTenant(appointments.dataSource, tenant, {
      holdMinutes: null,
      waitingOfferMinutes: 30,
      bookingWindowDays: 14,
      leadTimeMinutes: 0,
    });
    await appointments.dataSource.query(`UPDATE appointments.tenant SET requests_per_minute_per_address = $2 WHERE slug = $1`, [
      tenant,
      LIMIT,
    ]);
    await appointments.app.listen(0, host);
    const upstream = `http://${host}:${(appointments.app.getHttpServer().address() as { port: number }).port}`;

    const env = {
      NODE_ENV: 'test',
      DATA_DIR: dataDir,
      ...(trust.gateway ? { TRUST_PROXY: trust.gateway } : {}),
      APPOINTMENTS_URL: upstream,
      MESSAGING_URL: 'http://127.0.0.1:9',
      SIGNATURES_URL: 'http://127.0.0.1:9',
      DEVICES_URL: 'http://127.0.0.1:9',
    };
    const gateway: INestApplication = await startServiceApp(await createServiceApp(gatewayProcess(env), loadConfig(env)));
    running.push(gateway);
    await gateway.listen(0, host);
    return `http://${host}:${(gateway.getHttpServer().address() as { port: number }).port}`;
  }

  /** A citizen's write request as the ingress forwards it: X-Forwarded-For names the citizen. */
  const postBooking = (gatewayUrl: string, tenant: string, citizen: string) =>
    fetch(`${gatewayUrl}/api/v1/tenants/${tenant}/bookings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': citizen },
      body: '{}',
    }).then((response) => response.status);

  it('counts two citizens in separate buckets with TRUST_PROXY set as the manifests set it', async () => {
    const gatewayUrl = await topology({ gateway: '1', service: '2' }, 'proxied');
    const a: number[] = [];
    for (let i = 0; i <= LIMIT; i++) a.push(await postBooking(gatewayUrl, 'proxied', CITIZEN_A));
    expect(a.slice(0, LIMIT)).not.toContain(429);
    expect(a[LIMIT]).toBe(429);
    // Citizen B has a bucket of their own: A using theirs up does not refuse B.
    expect(await postBooking(gatewayUrl, 'proxied', CITIZEN_B)).not.toBe(429);
  }, 60_000);

  it('by default trusts no forwarded address from another host: everyone behind the gateway shares its bucket', async () => {
    const gatewayUrl = await topology({}, 'unproxied');
    for (let i = 0; i < LIMIT; i++) expect(await postBooking(gatewayUrl, 'unproxied', CITIZEN_A)).not.toBe(429);
    expect(await postBooking(gatewayUrl, 'unproxied', CITIZEN_B)).toBe(429);
  }, 60_000);
});

describe('TRUST_PROXY', () => {
  it.each([
    ['loopback', 'loopback'],
    ['2', 2],
    ['10.0.0.0/8, fd00::/8', '10.0.0.0/8, fd00::/8'],
    ['', 'loopback'],
  ])('takes %j as Express does', (value, trustProxy) => {
    expect(loadConfig({ TRUST_PROXY: value }).trustProxy).toEqual(trustProxy);
  });

  it.each(['true', '*', '10.0.0.1; rm'])('refuses %j (trusting every sender would let anyone choose their address)', (value) => {
    expect(() => loadConfig({ TRUST_PROXY: value })).toThrow(/TRUST_PROXY/);
  });
});
