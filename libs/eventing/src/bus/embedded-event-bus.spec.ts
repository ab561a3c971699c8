import { Logger } from '@nestjs/common';
import type { BusRecord } from './event-bus';
import { EmbeddedEventBus } from './embedded-event-bus';
import { waitFor } from '../testing/wait-for';

const record = (topic: string, key: string, value: string): BusRecord => ({
  topic,
  key,
  value,
  headers: { 'content-type': 'application/json' },
});

describe('EmbeddedEventBus', () => {
  beforeAll(() => Logger.overrideLogger(false));
  let bus: EmbeddedEventBus;
  beforeEach(() => {
    bus = new EmbeddedEventBus({ redeliveryBackoffMs: { first: 1, max: 5 } });
  });
  afterEach(() => bus.close());

  it('delivers records published before the group subscribed, from the beginning', async () => {
    await bus.publish([record('t', 'a', '1'), record('t', 'a', '2')]);
    const seen: string[] = [];
    await bus.subscribe('late', ['t'], async (r) => void seen.push(r.value));
    await bus.publish([record('t', 'a', '3')]);
    await waitFor(
      'three records',
      () => seen.length,
      (n) => n === 3,
    );
    expect(seen).toEqual(['1', '2', '3']);
  });

  it('gives every group every record of its topics, and nothing of other topics', async () => {
    const seen: Record<string, string[]> = { one: [], two: [] };
    await bus.subscribe('one', ['t'], async (r) => void seen.one.push(r.value));
    await bus.subscribe('two', ['t', 'u'], async (r) => void seen.two.push(r.value));
    await bus.publish([record('t', 'a', '1'), record('u', 'a', '2'), record('v', 'a', '3'), record('t', 'b', '4')]);
    await waitFor(
      'both groups',
      () => seen.one.length + seen.two.length,
      (n) => n === 5,
    );
    expect(seen.one).toEqual(['1', '4']);
    expect(seen.two).toEqual(['1', '2', '4']);
  });

  it('resolves publish while a handler is still busy (a consumer may need what the publisher holds)', async () => {
    let release!: () => void;
    const busy = new Promise<void>((resolve) => (release = resolve));
    const seen: string[] = [];
    await bus.subscribe('g', ['t'], async (r) => {
      seen.push(r.value);
      await busy;
    });
    await bus.publish([record('t', 'a', '1')]);
    await waitFor(
      'the handler to start',
      () => seen.length,
      (n) => n === 1,
    );
    const outcome = await Promise.race([
      bus.publish([record('t', 'a', '2')]).then(() => 'published'),
      new Promise((r) => setTimeout(() => r('blocked'), 200)),
    ]);
    release();
    expect(outcome).toBe('published');
    await waitFor(
      'the second record',
      () => seen.length,
      (n) => n === 2,
    );
  });

  it('offers a rejected record again until it is accepted, and keeps the order behind it', async () => {
    let rejections = 0;
    const accepted: string[] = [];
    await bus.subscribe('g', ['t'], async (r) => {
      if (r.value === '2' && rejections < 3) {
        rejections += 1;
        throw new Error('not yet');
      }
      accepted.push(r.value);
    });
    await bus.publish(['1', '2', '3'].map((v) => record('t', 'k', v)));
    await waitFor(
      'all three accepted',
      () => accepted.length,
      (n) => n === 3,
    );
    expect(rejections).toBe(3);
    expect(accepted).toEqual(['1', '2', '3']);
  });

  it('resumes a group where it stopped, like a committed offset, and redelivers what it had not accepted', async () => {
    const first: string[] = [];
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const subscription = await bus.subscribe('g', ['t'], async (r) => {
      first.push(r.value);
      if (r.value === '2') {
        await held;
        throw new Error('shutting down');
      }
    });
    await bus.publish(['1', '2', '3'].map((v) => record('t', 'k', v)));
    await waitFor(
      'the second record in hand',
      () => first.length,
      (n) => n === 2,
    );
    const closing = subscription.close();
    release();
    await closing;
    const second: string[] = [];
    await bus.subscribe('g', ['t'], async (r) => void second.push(r.value));
    await waitFor(
      'the rest',
      () => second.length,
      (n) => n === 2,
    );
    expect(second).toEqual(['2', '3']);
  });

  it('refuses a second active member of one group (one process is one instance)', async () => {
    await bus.subscribe('g', ['t'], async () => undefined);
    await expect(bus.subscribe('g', ['t'], async () => undefined)).rejects.toThrow('already subscribed');
  });

  it('drops records beyond the retention only once every group that reads the topic has passed them', async () => {
    bus = new EmbeddedEventBus({ retainPerTopic: 2 });
    const slow: string[] = [];
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await bus.subscribe('slow', ['t'], async (r) => {
      await held;
      slow.push(r.value);
    });
    await bus.publish(['1', '2', '3', '4'].map((v) => record('t', 'k', v)));
    release();
    await waitFor(
      'the slow group to read all',
      () => slow.length,
      (n) => n === 4,
    );
    const late: string[] = [];
    await bus.subscribe('late', ['t'], async (r) => void late.push(r.value));
    await waitFor(
      'the retained records',
      () => late.length,
      (n) => n === 2,
    );
    expect(late).toEqual(['3', '4']);
  });

  it('reports per group and topic the records not yet acknowledged, the one in hand included', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let handled = 0;
    await bus.subscribe('slow', ['t'], async () => {
      await held;
      handled += 1;
    });
    await bus.publish(['1', '2', '3'].map((v) => record('t', 'k', v)));
    expect(await bus.consumerLag()).toEqual([{ group: 'slow', topic: 't', records: 3 }]);
    release();
    await waitFor(
      'all three handled',
      () => handled,
      (n) => n === 3,
    );
    expect(await bus.consumerLag()).toEqual([{ group: 'slow', topic: 't', records: 0 }]);
  });
});
