import { randomBytes } from 'node:crypto';
import { startServiceTestApp, type ServiceTestApp, type ServiceTestAppOptions } from '@amtsweg/platform/testing';
import { loadSignaturesConfig, SignaturesConfig } from '../src/signatures.config';
import { signaturesProcess } from '../src/signatures.process';

export { outboxEvents } from '@amtsweg/platform/testing';

export type SignaturesTestApp = ServiceTestApp;

// One key for every app of a test file, as instances share the environment in production: a
// second app on the same database or data folder (a restart) opens what the first sealed.
const KEY_ENCRYPTION_KEY = randomBytes(32).toString('base64');

/**
 * The signatures service as its process runs it: the bus from `env` (in-process unless
 * KAFKA_BROKERS), the database as `startServiceTestApp` offers, the clock running with real time
 * (TOTP windows) unless the test brings one. `env` also carries the SIGNATURES_* settings; the
 * scheduler looks every hour unless `schedulerIntervalMs` says otherwise, so tests run its rounds.
 */
export function startSignaturesApp(
  options: Pick<ServiceTestAppOptions, 'database' | 'dataDir' | 'clock' | 'env' | 'listen'> & { schedulerIntervalMs?: number } = {},
): Promise<SignaturesTestApp> {
  const { schedulerIntervalMs = 3_600_000, ...serviceOptions } = options;
  const settings = loadSignaturesConfig(
    { production: options.env?.NODE_ENV === 'production' },
    {
      SIGNATURES_KEY_ENCRYPTION_KEY: KEY_ENCRYPTION_KEY,
      SIGNATURES_SCHEDULER_INTERVAL_MS: String(schedulerIntervalMs),
      ...options.env,
    },
  );
  return startServiceTestApp(signaturesProcess, { ...serviceOptions, overrides: [{ provide: SignaturesConfig, useValue: settings }] });
}
