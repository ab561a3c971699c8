import type { EventContract } from '@amtsweg/contracts';
import type { Outbox } from '@amtsweg/eventing';
import type { EntityManager } from 'typeorm';
import type { Office, Service } from '../src/office/office';
import { parseClockTime, WeeklyOpeningHours } from '../src/office/opening-hours';
import { PublicHolidays } from '../src/office/public-holidays';
import type { Tenant } from '../src/tenancy/tenant';
import type { Weekday } from '../src/time/wall-clock';

/** Records what a use case appends, and with which transaction manager. */
export interface RecordedEvent {
  manager: EntityManager;
  contract: EventContract;
  data: Record<string, unknown>;
  meta: { subject: string; tenantId: string };
}

export function fakeOutbox(): { outbox: Outbox; appended: RecordedEvent[]; append: jest.Mock } {
  const appended: RecordedEvent[] = [];
  const append = jest.fn(
    async (manager: EntityManager, contract: EventContract, data: Record<string, unknown>, meta: RecordedEvent['meta']) => {
      appended.push({ manager, contract, data, meta });
      return { id: 'event', data };
    },
  );
  return { outbox: { append } as unknown as Outbox, appended, append };
}

/** A DataSource whose transactions hand each attempt a fresh manager, and count them. */
export function fakeDataSource(): { dataSource: never; managers: EntityManager[]; manager: EntityManager } {
  const managers: EntityManager[] = [];
  const manager = { outside: true } as unknown as EntityManager;
  const dataSource = {
    manager,
    transaction: async <T>(work: (m: EntityManager) => Promise<T>) => {
      const transactional = { attempt: managers.length + 1 } as unknown as EntityManager;
      managers.push(transactional);
      return work(transactional);
    },
  };
  return { dataSource: dataSource as never, managers, manager };
}

export class NoHolidays extends PublicHolidays {
  isPublicHoliday(): boolean {
    return false;
  }
}

export const TENANT: Tenant = {
  slug: 'demo',
  name: 'Stadt Demo',
  federalState: 'NW',
  timeZone: 'Europe/Berlin',
  suspended: false,
  suspendedSince: null,
  revision: 1,
  settings: {
    maxActiveBookingsPerEmail: 3,
    bookingWindowDays: 60,
    leadTimeMinutes: 60,
    holdMinutes: null,
    waitingOfferMinutes: 60,
    requestsPerMinutePerAddress: null,
    proofOfWorkMaxNumber: null,
    reopenDelayMinutes: 0,
  },
};

export const OFFICE: Office = {
  id: '0193a0b2-7c1e-7d3a-9f00-0000000000a1',
  tenant: 'demo',
  name: 'Bürgerbüro Mitte',
  address: { street: 'Marktplatz 1', postalCode: '12345', city: 'Demostadt' },
  timeZone: 'Europe/Berlin',
  slotGridMinutes: 15,
  openingHours: WeeklyOpeningHours.of(
    ([1, 2, 3, 4, 5] as Weekday[]).map((weekday) => ({ weekday, opens: parseClockTime('08:00'), closes: parseClockTime('12:00') })),
  ),
  closures: [],
  counterIds: ['0193a0b2-7c1e-7d3a-9f00-0000000000c1'],
  phone: null,
  email: null,
  accessibility: null,
  directions: null,
};

export const SERVICE: Service = {
  id: '0193a0b2-7c1e-7d3a-9f00-0000000000b1',
  tenant: 'demo',
  name: 'Personalausweis beantragen',
  durationMinutes: 30,
  officeIds: ['0193a0b2-7c1e-7d3a-9f00-0000000000a1'],
  description: null,
  documents: [],
  fee: null,
  deleted: false,
};
