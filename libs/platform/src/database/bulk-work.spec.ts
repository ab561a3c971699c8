import { asBulkWork, isBulkWork } from './bulk-work';
import { PGliteSession, type LeasedConnection } from './pglite-lease-pool';
import type { StatementRunner } from './pglite-thread';

const noDatabase = {} as StatementRunner;

/** Leases the session as `name` and records when it got it; the lease is kept until released by the test. */
function leaseAs(session: PGliteSession, name: string, order: string[], bulk = false): Promise<LeasedConnection> {
  const take = () => session.lease().then((lease) => (order.push(name), lease));
  return bulk ? asBulkWork(take) : take();
}

/** Lets every settled promise's continuation run. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('the embedded session: bulk work yields', () => {
  it('knows when it runs as bulk work, also across awaits', async () => {
    expect(isBulkWork()).toBe(false);
    await asBulkWork(async () => {
      await settle();
      expect(isBulkWork()).toBe(true);
    });
    expect(isBulkWork()).toBe(false);
  });

  it('hands the session to a waiting statement before a bulk one that queued earlier', async () => {
    const session = new PGliteSession(noDatabase);
    const order: string[] = [];
    const first = await leaseAs(session, 'upload chunk 1', order, true);
    const chunk2 = leaseAs(session, 'upload chunk 2', order, true);
    const booking = leaseAs(session, 'booking', order);
    first.release();
    (await booking).release();
    (await chunk2).release();
    expect(order).toEqual(['upload chunk 1', 'booking', 'upload chunk 2']);
  });

  it('never starves bulk work: after maxOvertakes others went first, the bulk waiter is next', async () => {
    const session = new PGliteSession(noDatabase, 2);
    const order: string[] = [];
    let held = await leaseAs(session, 'booking 0', order);
    const chunk = leaseAs(session, 'chunk', order, true);
    const bookings = [1, 2, 3].map((i) => leaseAs(session, `booking ${i}`, order));
    for (const next of [bookings[0], bookings[1], chunk, bookings[2]]) {
      held.release();
      held = await next;
      await settle();
    }
    held.release();
    expect(order).toEqual(['booking 0', 'booking 1', 'booking 2', 'chunk', 'booking 3']);
  });

  it('keeps first come, first served among statements of one kind', async () => {
    const session = new PGliteSession(noDatabase);
    const order: string[] = [];
    let held = await leaseAs(session, 'a', order);
    const waiting = ['b', 'c', 'd'].map((name) => leaseAs(session, name, order));
    for (const next of waiting) {
      held.release();
      held = await next;
    }
    held.release();
    expect(order).toEqual(['a', 'b', 'c', 'd']);
  });
});
