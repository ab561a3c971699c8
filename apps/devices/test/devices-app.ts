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
