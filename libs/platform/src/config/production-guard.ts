import { serviceDatabaseUrl } from '../database/service-data-source';
import { ConfigurationError, type PlatformConfig } from './platform-config';

/**
 * In production the embedded PGlite and the in-process bus are almost always a mistake: a missing
 * secret or config map, and the data lands in a container's emptyDir that the next rollout wipes.
 * Throws (one line) when a service of this process would fall back to them, unless
 * AMTSWEG_EMBEDDED=1 says that is meant.
 */
export function refuseUnintendedEmbedded(config: PlatformConfig, services: string[], env: NodeJS.ProcessEnv = process.env): void {
  if (!config.production || config.AMTSWEG_EMBEDDED === '1' || services.length === 0) return;
  const missing = services
    .filter((service) => !serviceDatabaseUrl(service, env))
    .map((service) => `DATABASE_URL (or ${service.toUpperCase()}_DATABASE_URL)`);
  if (!config.KAFKA_BROKERS) missing.push('KAFKA_BROKERS');
  if (missing.length === 0) return;
  throw new ConfigurationError(
    `refusing to start: NODE_ENV=production without ${missing.join(' and ')} would keep data in the embedded database under DATA_DIR or events in this process; set them, or AMTSWEG_EMBEDDED=1 if that is meant`,
  );
}
