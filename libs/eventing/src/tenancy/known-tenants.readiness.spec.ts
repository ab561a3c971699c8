import { EmbeddedEventBus } from '../bus/embedded-event-bus';
import type { BusRecord } from '../bus/event-bus';
import { waitFor } from '../testing/wait-for';
import { TenantRegistryReadiness } from './known-tenants.readiness';

const TOPIC = 'appointments.tenant-registry';
const record = (key: string): BusRecord => ({ topic: TOPIC, key, headers: {}, value: '{}' });

describe('TenantRegistryReadiness (embedded bus)', () => {
  let bus: EmbeddedEventBus;
  beforeEach(() => (bus = new EmbeddedEventBus()));
  afterEach(() => bus.close());

  it('is down, with the reason, until the group has read every record the topic held at start; records after start do not count', async () => {
    await bus.publish([record('a'), record('b'), record('c')]);
    const readiness = new TenantRegistryReadiness(bus, 'signatures', TOPIC);
    await readiness.start();
    // Published after the start: not waited for.
    await bus.publish([record('d')]);
    expect(readiness.name).toBe('signatures-tenant-registry');
    await expect(readiness.check()).rejects.toThrow(
      'the tenant registry (appointments.tenant-registry) is still being read: 3 record(s) before the start to go',
    );

    const seen: string[] = [];
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const subscription = await bus.subscribe('signatures', [TOPIC], async ({ key }) => {
      seen.push(key);
      if (key === 'c') await held;
    });
    await waitFor('c handed over', () => seen.includes('c'), Boolean);
    // Handed over, not yet handled: still down.
    await expect(readiness.check()).rejects.toThrow('1 record(s) before the start to go');
    release();
    await waitFor('d handed over', () => seen.includes('d'), Boolean);
    await expect(readiness.check()).resolves.toEqual({ caughtUp: true });
    await subscription.close();
  });

  it('is up at once on an empty topic, for a group that has not subscribed yet', async () => {
    const readiness = new TenantRegistryReadiness(bus, 'devices', TOPIC);
    readiness.start();
    await expect(readiness.check()).resolves.toEqual({ caughtUp: true });
  });

  it('reports the bus failing before it caught up, and never asks the bus again once it has', async () => {
    await bus.publish([record('a')]);
    const readiness = new TenantRegistryReadiness(bus, 'messaging', TOPIC);
    const offsets = jest.spyOn(bus, 'topicOffsets').mockRejectedValueOnce(new Error('broker unreachable'));
    readiness.start();
    await expect(readiness.check()).rejects.toThrow(
      'cannot tell yet how far the tenant registry (appointments.tenant-registry) has been read: Error',
    );
    // The ends are read again (the start could not note them), then the group's position.
    await expect(readiness.check()).rejects.toThrow('1 record(s) before the start to go');

    const subscription = await bus.subscribe('messaging', [TOPIC], async () => undefined);
    await waitFor(
      'the group at the end',
      () => bus.consumerLag(),
      (lags) => lags.every((lag) => lag.records === 0),
    );
    await expect(readiness.check()).resolves.toEqual({ caughtUp: true });
    await subscription.close();

    const calls = offsets.mock.calls.length;
    offsets.mockRejectedValue(new Error('broker unreachable'));
    await expect(readiness.check()).resolves.toEqual({ caughtUp: true });
    expect(offsets.mock.calls.length).toBe(calls);
  });
});
