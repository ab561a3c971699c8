/** Bookings as load for the service-level benchmarks: a supply of free slots and a closed loop of clients. */
import { freeSlots } from './booking.bench';
import type { LoadClient } from './http-client';

/** Where bookings go: each free slot start as often as it has counters left. */
export class SlotSupply {
  private next = 0;

  private constructor(
    readonly tenant: string,
    readonly officeId: string,
    readonly serviceId: string,
    private readonly starts: string[],
  ) {}

  static async load(client: LoadClient, tenant: string, officeId: string, serviceId: string, days: number): Promise<SlotSupply> {
    const slots = await freeSlots(client, officeId, serviceId, days, tenant);
    return new SlotSupply(
      tenant,
      officeId,
      serviceId,
      slots.flatMap((slot) => Array<string>(slot.remaining).fill(slot.start)),
    );
  }

  /** The first office and service a tenant lists (the demo tenant's, where no fixtures can be written). */
  static async firstOf(client: LoadClient, tenant: string, days: number): Promise<SlotSupply> {
    const first = async (what: string) => {
      const response = await client.send('GET', `/api/v1/tenants/${tenant}/${what}`);
      if (response.status !== 200) throw new Error(`${what} answered ${response.status}`);
      return (JSON.parse(response.body) as Array<{ id: string }>)[0].id;
    };
    return SlotSupply.load(client, tenant, await first('offices'), await first('services'), days);
  }

  get left(): number {
    return this.starts.length - this.next;
  }

  /** The next start; throws when the supply is used up, so a benchmark never books a full slot unknowingly. */
  take(): string {
    if (this.next >= this.starts.length) throw new Error(`all ${this.starts.length} free slots are booked`);
    return this.starts[this.next++];
  }

  /** POST one booking for `email` (unique per booking: no per-address limit interferes). */
  book(client: LoadClient, email: string) {
    const body = { officeId: this.officeId, serviceId: this.serviceId, start: this.take(), citizen: { name: 'Bench Mark', email } };
    return client.send('POST', `/api/v1/tenants/${this.tenant}/bookings`, body);
  }
}

export interface ClosedLoopResult {
  created: number;
  other: Record<number, number>;
  bookingsPerSecond: number;
}

/** `concurrency` clients booking back to back for `seconds`: the most the service answers per second. */
export async function closedLoopBookings(
  client: LoadClient,
  supply: SlotSupply,
  label: string,
  seconds: number,
  concurrency: number,
): Promise<ClosedLoopResult> {
  const until = performance.now() + seconds * 1000;
  const started = performance.now();
  let created = 0;
  let sent = 0;
  const other: Record<number, number> = {};
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < until && supply.left > 0) {
        const response = await supply.book(client, `${label}-${sent++}@bench.example`);
        if (response.status === 201) created++;
        else other[response.status] = (other[response.status] ?? 0) + 1;
      }
    }),
  );
  return { created, other, bookingsPerSecond: created / ((performance.now() - started) / 1000) };
}
