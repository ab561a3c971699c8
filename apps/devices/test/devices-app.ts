import { startServiceTestApp, TestClock, type ServiceTestApp } from '@amtsweg/platform/testing';
import { devicesProcess } from '../src/devices.process';
import { DevicesApi } from './devices-api';

export { outboxEvents } from '@amtsweg/platform/testing';

export interface DevicesTestApp extends ServiceTestApp {
  /** The demo tenant's devices API on this app. */
  api: DevicesApi;
}

/**
 * The devices service as its process runs it (in-process bus), on an isolated in-memory PGlite or
 * on `postgresUrl` (a database of its own on a real server), on a clock stopped at the start.
 */
export async function startDevicesApp(options: { postgresUrl?: string } = {}): Promise<DevicesTestApp> {
  const t = await startServiceTestApp(devicesProcess, {
    database: options.postgresUrl ? { url: options.postgresUrl } : 'isolated',
    clock: TestClock.stoppedAt(new Date()),
  });
  return { ...t, api: new DevicesApi(t.http) };
}

/** What the kit specs stand on: the app, its it-admin and an employee signed in, and a provisioning profile. */
export interface KitSuite {
  t: DevicesTestApp;
  admin: string;
  staff: string;
  profileId: string;
}

export async function startKitSuite(profile: Record<string, unknown>): Promise<KitSuite> {
  const t = await startDevicesApp();
  const admin = await t.bearer('it-admin@demo.example');
  return { t, admin, staff: await t.bearer('staff@demo.example'), profileId: await t.api.createProfile(admin, profile) };
}
