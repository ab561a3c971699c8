import { dataSourceToken, type ServiceDatabase } from '@amtsweg/platform';
import { devicesMigrations } from './migrations';

export const DEVICES = 'devices';

/** Inject with `@Inject(DEVICES_DATA_SOURCE)`. */
export const DEVICES_DATA_SOURCE = dataSourceToken(DEVICES);

/**
 * Devices' own data: schema `devices` (embedded) or database `amtsweg_devices`. Raw,
 * schema-qualified SQL (`devices.<table>`) like signatures: the import's batched
 * `INSERT … SELECT FROM unnest(…) ON CONFLICT DO NOTHING` and the `SKIP LOCKED` pick read plainest
 * that way. So no entities.
 */
export const devicesDatabase: ServiceDatabase = {
  service: DEVICES,
  entities: [],
  migrations: devicesMigrations,
};
