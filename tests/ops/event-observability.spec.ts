import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BookingConfirmedV2 } from '@amtsweg/contracts';
import { EVENT_BUS, toBusRecord, type BusRecord, type BusSubscription, type EventBus } from '@amtsweg/eventing';
import { waitFor } from '@amtsweg/eventing/testing';
import { createServiceApp, loadConfig, newId, startServiceApp } from '@amtsweg/platform';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { gatewayProcess } from '../../apps/gateway/src/gateway.process';
import { LogCapture, sample } from './log-capture';

const TRACE_ID = '0af7651916cd43dd8448eb211c80319c';
const CALLER_SPAN = 'b7ad6b7169203331';
const CORRELATION_ID = 'ops-trace-0001';
const CONFIRMED = BookingConfirmedV2.type;

/** The whole system in one process on the embedded database and bus, as `npm start` runs it. */
describe('one booking through gateway, appointments and messaging: trace and event metrics (embedded)', () => {
  const logs = new LogCapture();
  const dataDir = mkdtempSync(join(tmpdir(), 'amtsweg-ops-'));
  const spied: BusRecord[] = [];
  let app: INestApplication;
  let spy: BusSubscription;

  beforeAll(async () => {
    const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: dataDir });
    app = await startServiceApp(await createServiceApp(gatewayProcess({}), config, logs.logger));
    spy = await app.get<EventBus>(EVENT_BUS).subscribe('ops-spy', [BookingConfirmedV2.topic], async (record) => void spied.push(record));
  }, 90_000);

  afterAll(async () => {
    await spy?.close();
    await app?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const metrics = async () => (await request(app.getHttpServer()).get('/metrics').expect(200)).text;

  it('carries the caller’s trace into the event (ce_traceparent) and the consumer’s log lines; counts published and consumed', async () => {
    const http = request(app.getHttpServer());
    const [office] = (await http.get('/api/v1/tenants/demo/offices').expect(200)).body;
    const [service] = (await http.get('/api/v1/tenants/demo/services').expect(200)).body;
    const [slot] = (await http.get('/api/v1/tenants/demo/slots').query({ officeId: office.id, serviceId: service.id }).expect(200)).body;
    await http
      .post('/api/v1/tenants/demo/bookings')
      .set('traceparent', `00-${TRACE_ID}-${CALLER_SPAN}-01`)
      .set('x-correlation-id', CORRELATION_ID)
      .send({
        officeId: office.id,
        serviceId: service.id,
        start: slot.start,
        citizen: { name: 'Ops Trace', email: `ops-${Date.now()}@example.org` },
      })
      .expect(201);

    const handled = await waitFor(
      'messaging to handle the booking',
      async () =>
        logs.lines().find((line) => line.msg === 'event handled' && line.type === CONFIRMED && line.correlationId === CORRELATION_ID),
      Boolean,
      { timeoutMs: 20_000 },
    );
    const served = logs.lines().find((line) => line.msg === 'request' && line.status === 201 && line.correlationId === CORRELATION_ID);
    expect(served).toMatchObject({ traceId: TRACE_ID, tenantId: 'demo', route: '/api/v1/tenants/:tenant/bookings' });
    // The consumer works in the same trace, in a span of its own.
    expect(handled).toMatchObject({ traceId: TRACE_ID, tenantId: 'demo' });
    expect(handled?.spanId).not.toBe(served?.spanId);
    expect(handled?.spanId).not.toBe(CALLER_SPAN);

    // On the wire (Kafka binary mode): the request's span is the event's parent.
    const record = spied.find((r) => r.headers.ce_correlationid === CORRELATION_ID);
    expect(record?.headers.ce_traceparent).toBe(`00-${TRACE_ID}-${served?.spanId}-01`);

    const exposition = await metrics();
    expect(sample(exposition, 'amtsweg_events_published_total', { service: 'appointments', type: CONFIRMED })).toBeGreaterThanOrEqual(1);
    expect(sample(exposition, 'amtsweg_events_consumed_total', { service: 'messaging', type: CONFIRMED })).toBeGreaterThanOrEqual(1);
    expect(sample(exposition, 'amtsweg_outbox_backlog_events', { service: 'messaging' })).toEqual(expect.any(Number));
    expect(sample(exposition, 'amtsweg_outbox_oldest_age_seconds', { service: 'appointments' })).toEqual(expect.any(Number));
    expect(sample(exposition, 'amtsweg_consumer_lag_records', { group: 'messaging', topic: BookingConfirmedV2.topic })).toEqual(
      expect.any(Number),
    );
  }, 40_000);

  it('is ready when its own databases answer and the tenant registry has been read once; the bus is a metric, not a readiness check', async () => {
    const { body } = await request(app.getHttpServer()).get('/health/ready').expect(200);
    expect(Object.keys(body.info).sort()).toEqual([
      'appointments-database',
      'devices-database',
      'devices-tenant-registry',
      'messaging-database',
      'messaging-tenant-registry',
      'signatures-database',
      'signatures-tenant-registry',
    ]);
    expect(sample(await metrics(), 'amtsweg_broker_connected', {})).toBe(1);
  });

  it('times every round of background work and counts failed ones, by round name', async () => {
    const rounds = [
      'outbox-relay:appointments',
      'outbox-relay:messaging',
      'outbox-relay:signatures',
      'outbox-relay:devices',
      'mail-dispatch',
      'fair-booking',
      'due-reminders',
      'message-retention',
      'due-signature-requests',
    ];
    // Every scheduler's first round comes within a second of the start.
    const exposition = await waitFor(
      'a first round of every scheduler',
      metrics,
      (text) => rounds.every((round) => (sample(text, 'amtsweg_round_duration_seconds_count', { round }) ?? 0) >= 1),
      { timeoutMs: 10_000, intervalMs: 200 },
    );
    for (const round of rounds) {
      expect({ round, failed: sample(exposition, 'amtsweg_rounds_failed_total', { round }) }).toEqual({ round, failed: 0 });
      expect(sample(exposition, 'amtsweg_round_duration_seconds_bucket', { round, le: '+Inf' })).toBeGreaterThanOrEqual(1);
    }
  });

  it('counts an event that breaks its contract as dead-lettered, by type', async () => {
    const before = sample(await metrics(), 'amtsweg_events_dead_lettered_total', { service: 'messaging', type: CONFIRMED }) ?? 0;
    const poison = toBusRecord(BookingConfirmedV2.topic, {
      id: newId(),
      source: '/ops-test',
      type: CONFIRMED,
      specversion: '1.0',
      time: new Date().toISOString(),
      subject: newId(),
      datacontenttype: 'application/json',
      tenantid: 'demo',
      correlationid: newId(),
      data: { reference: 42 },
    });
    await app.get<EventBus>(EVENT_BUS).publish([poison]);
    await waitFor(
      'the dead-letter counter to move',
      async () => sample(await metrics(), 'amtsweg_events_dead_lettered_total', { service: 'messaging', type: CONFIRMED }) ?? 0,
      (count) => count === before + 1,
      { timeoutMs: 10_000 },
    );
  });
});
