import type { DataSource } from 'typeorm';
import type { ReadinessCheck } from './readiness';

export function databaseReadiness(name: string, dataSource: DataSource): ReadinessCheck {
  return {
    name,
    async check() {
      await dataSource.query('SELECT 1');
    },
  };
}
