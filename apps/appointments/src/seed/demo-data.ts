import { TENANT_DEFAULTS, type TenantSettings } from '../tenancy/tenant';
import type { Weekday } from '../time/wall-clock';

/**
 * The demo tenants' offices and services, created at start through the same use cases as a tenant
 * admin's (seed-demo-offices.ts). Fixed ids (UUIDv5 under the namespace
 * `v5('https://amtsweg.de/seed/appointments', URL)`), so that seeding is idempotent and other
 * services' demos and tests can name them.
 */
export const DEMO_IDS = {
  tenants: { demo: '1243b399-768a-55bb-b043-163621f97d4c', muster: 'edbdc6ec-fcec-5411-9b6a-ea648e2dc45b' },
  offices: {
    demoMitte: 'b97413d7-ca79-57c9-b35e-bd0e0f81ba79',
    demoNord: '50124f17-fb87-5b78-91e2-824d8f13cd28',
    musterRathaus: '7dddcee7-e7c4-54b8-86cd-9bceef739e3c',
  },
  services: {
    demoPersonalausweis: '20de1297-da5a-5289-b040-0603eecdaffb',
    demoMeldebescheinigung: 'e1818256-4a95-584d-b4ec-25b55ce4f1f5',
    demoReisepass: 'f0ae1e03-fb48-5add-96b4-3dd3cb348dad',
    musterPersonalausweis: '2fa3c0e4-b0c0-5788-ac2a-0d0e90f101ee',
    musterMeldebescheinigung: 'f4dd3043-35a2-572c-9511-536be657d3fb',
    musterReisepass: '7ceda21e-2292-5fe3-89ac-5a913081c756',
  },
  closures: { demoMitteOuting: '57b2c1e2-fcd0-596c-9bd6-d4ed86885029' },
} as const;

export interface DemoTenant {
  id: string;
  slug: string;
  name: string;
  federalState: string;
  settings: TenantSettings;
}

export interface DemoOffice {
  id: string;
  tenant: string;
  name: string;
  street: string;
  postalCode: string;
  city: string;
  timeZone: string;
  slotGridMinutes: number;
  hours: Array<{ weekdays: Weekday[]; opens: string; closes: string }>;
  counters: number;
}

export interface DemoService {
  id: string;
  tenant: string;
  name: string;
  durationMinutes: number;
}

/** Hold, challenge, rate limit and reopen delay: off for the demo tenants and in tests unless a test turns them on (API-CONVENTIONS.md). */
const BOT_RESISTANCE_OFF = { holdMinutes: null, requestsPerMinutePerAddress: null, proofOfWorkMaxNumber: null, reopenDelayMinutes: 0 };

export const DEMO_TENANTS: DemoTenant[] = [
  // `demo` has the per-e-mail limit off as well; `muster` keeps it.
  {
    id: DEMO_IDS.tenants.demo,
    slug: 'demo',
    name: 'Stadt Demo',
    federalState: 'NW',
    settings: { ...TENANT_DEFAULTS.settings, ...BOT_RESISTANCE_OFF, maxActiveBookingsPerEmail: null },
  },
  {
    id: DEMO_IDS.tenants.muster,
    slug: 'muster',
    name: 'Gemeinde Muster',
    federalState: 'NW',
    settings: { ...TENANT_DEFAULTS.settings, ...BOT_RESISTANCE_OFF },
  },
];

const WEEKDAY_MORNINGS = { weekdays: [1, 2, 3, 4, 5] as Weekday[], opens: '08:00', closes: '12:00' };
const LONG_AFTERNOONS = { weekdays: [2, 4] as Weekday[], opens: '14:00', closes: '18:00' };

export const DEMO_OFFICES: DemoOffice[] = [
  {
    id: DEMO_IDS.offices.demoMitte,
    tenant: 'demo',
    name: 'Bürgerbüro Mitte',
    street: 'Marktplatz 1',
    postalCode: '12345',
    city: 'Demostadt',
    timeZone: 'Europe/Berlin',
    slotGridMinutes: 15,
    hours: [WEEKDAY_MORNINGS, LONG_AFTERNOONS],
    counters: 3,
  },
  {
    id: DEMO_IDS.offices.demoNord,
    tenant: 'demo',
    name: 'Bürgerbüro Nord',
    street: 'Nordring 20',
    postalCode: '12347',
    city: 'Demostadt',
    timeZone: 'Europe/Berlin',
    slotGridMinutes: 15,
    hours: [
      { weekdays: [1, 3, 5], opens: '07:30', closes: '12:30' },
      { weekdays: [3], opens: '13:30', closes: '16:00' },
    ],
    counters: 2,
  },
  {
    id: DEMO_IDS.offices.musterRathaus,
    tenant: 'muster',
    name: 'Bürgeramt im Rathaus',
    street: 'Rathausplatz 3',
    postalCode: '54321',
    city: 'Muster',
    timeZone: 'Europe/Berlin',
    slotGridMinutes: 15,
    hours: [WEEKDAY_MORNINGS, LONG_AFTERNOONS],
    counters: 2,
  },
];

export const DEMO_SERVICES: DemoService[] = [
  { id: DEMO_IDS.services.demoPersonalausweis, tenant: 'demo', name: 'Personalausweis beantragen', durationMinutes: 30 },
  { id: DEMO_IDS.services.demoMeldebescheinigung, tenant: 'demo', name: 'Meldebescheinigung', durationMinutes: 15 },
  { id: DEMO_IDS.services.demoReisepass, tenant: 'demo', name: 'Reisepass beantragen', durationMinutes: 30 },
  { id: DEMO_IDS.services.musterPersonalausweis, tenant: 'muster', name: 'Personalausweis beantragen', durationMinutes: 30 },
  { id: DEMO_IDS.services.musterMeldebescheinigung, tenant: 'muster', name: 'Meldebescheinigung', durationMinutes: 15 },
  { id: DEMO_IDS.services.musterReisepass, tenant: 'muster', name: 'Reisepass beantragen', durationMinutes: 30 },
];
