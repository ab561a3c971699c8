import { eventDrivenProcess } from '@amtsweg/eventing';
import { TestDatabase } from '@amtsweg/eventing/testing';
import { DEVELOPMENT_SEAL_KEY, MessagingSeal, type SealedBox } from '@amtsweg/platform';
import { startServiceTestApp, TestClock, type ServiceTestApp, type ServiceTestAppOptions } from '@amtsweg/platform/testing';
import { appointmentsUnit } from '../src/appointments.process';
import { connectAppointmentsConsumer } from '../src/appointments.transport';
import { AppointmentsConfig, loadAppointmentsConfig } from '../src/appointments.config';
import { seedDemoData } from '../src/seed/seed-demo-data';

export { outboxEvents } from '@amtsweg/platform/testing';

/** "Now" for the tests: Monday 30 November 2026, 08:00 in Berlin — a day with no holiday near. */
export const TEST_NOW = new Date('2026-11-30T08:00:00+01:00');

export type AppointmentsTestApp = ServiceTestApp;

/** The demo data, seeded for the day the clock stands on. */
const seededOnTestDay = eventDrivenProcess('amtsweg appointments (test)', [
  {
    ...appointmentsUnit,
    attach: (app) => {
      connectAppointmentsConsumer(app);
      return seedDemoData(app, { today: '2026-11-30' });
    },
  },
]);

/**
 * The appointments service as its process runs it (in-process bus), on a clock stopped at
 * TEST_NOW, seeded with the demo data, without background rounds: tests run them
 * (FairBookingScheduler.runRound) when the clock says so. Database: see `startServiceTestApp`.
 */
export function startAppointmentsTestApp(
  options: Pick<ServiceTestAppOptions, 'database' | 'env' | 'listen'> = {},
): Promise<AppointmentsTestApp> {
  return startServiceTestApp(seededOnTestDay, {
    ...options,
    clock: TestClock.stoppedAt(TEST_NOW),
    overrides: [{ provide: AppointmentsConfig, useValue: loadAppointmentsConfig({ APPOINTMENTS_SCHEDULER_INTERVAL_MS: '0' }) }],
  });
}

/** The same on a fresh database of its own on the PostgreSQL server at `serverUrl`, dropped again by `close()`. */
export async function startAppointmentsTestAppOnPostgres(
  serverUrl: string,
  options: { listen?: boolean } = {},
): Promise<AppointmentsTestApp> {
  const database = TestDatabase.named(serverUrl);
  try {
    const t = await startAppointmentsTestApp({ ...options, database });
    return {
      ...t,
      async close() {
        try {
          await t.close();
        } finally {
          await database.drop();
        }
      },
    };
  } catch (error) {
    await database.drop();
    throw error;
  }
}

/**
 * The contact a v2 booking event carries sealed, opened as messaging opens it: with the key the test
 * app seals with (the development key; EVENT_SEAL_KEYS is unset), bound to the event's tenant and subject.
 */
export function sealedContact(event: { tenantid: string; subject: string; data: Record<string, unknown> }): {
  email: string;
  manageUrl?: string;
} {
  return new MessagingSeal([DEVELOPMENT_SEAL_KEY]).open(event.data.contact as SealedBox, {
    tenant: event.tenantid,
    subject: event.subject,
  }) as {
    email: string;
    manageUrl?: string;
  };
}
