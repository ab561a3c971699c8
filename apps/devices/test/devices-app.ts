import { startServiceTestApp, TestClock, type ServiceTestApp } from '@amtsweg/platform/testing';
import { devicesProcess } from '../src/devices.process';

export { outboxEvents } from '@amtsweg/platform/testing';

export type DevicesTestApp = ServiceTestApp;

/**
 * The devices service as its process runs it (in-process bus), on an isolated in-memory PGlite or
 * on `postgresUrl` (a database of its own on a real server), on a clock stopped at the start.
 */
export function startDevicesApp(options: { postgresUrl?: string } = {}): Promise<DevicesTestApp> {
  return startServiceTestApp(devicesProcess, {
    database: options.postgresUrl ? { url: options.postgresUrl } : 'isolated',
    clock: TestClock.stoppedAt(new Date()),
  });
}
