import { newId } from '@amtsweg/platform';
import type { DataSource } from 'typeorm';

/** An office of tenant `demo` open Monday to Friday 08:00–12:00 with `counters` counters. */
export async function addOffice(dataSource: DataSource, options: { counters: number; name?: string; tenant?: string }): Promise<{ officeId: string; counterIds: string[] }> {
  const tenant = options.tenant ?? 'demo';
  const officeId = newId();
  await dataSource.query(
    `INSERT INTO appointments.office (id, tenant, name, street, postal_code, city, time_zone, slot_grid_minutes, created_at)
     VALUES ($1, $2, $3, 'Teststraße 1', '12345', 'Demostadt', 'Europe/Berlin', 15, now())`,
    [officeId, tenant, options.name ?? 'Testamt'],
  );
  for (let weekday = 1; weekday <= 5; weekday += 1) {
    await dataSource.query(`INSERT INTO appointments.opening_interval (id, tenant, office_id, weekday, opens, closes) VALUES ($1, $2, $3, $4, '08:00', '12:00')`, [
      newId(),
      tenant,
      officeId,
      weekday,
    ]);
  }
  const counterIds: string[] = [];
  for (let i = 1; i <= options.counters; i += 1) {
    const id = newId();
    counterIds.push(id);
    await dataSource.query(`INSERT INTO appointments.counter (id, tenant, office_id, name) VALUES ($1, $2, $3, $4)`, [id, tenant, officeId, `Platz ${i}`]);
  }
  return { officeId, counterIds };
}
