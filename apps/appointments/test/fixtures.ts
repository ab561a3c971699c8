import { newId } from '@amtsweg/platform';
import type { DataSource } from 'typeorm';

/** An office of tenant `demo` open Monday to Friday 08:00–12:00 with `counters` counters. */
export async function addOffice(
  dataSource: DataSource,
  options: { counters: number; name?: string; tenant?: string },
): Promise<{ officeId: string; counterIds: string[] }> {
  const tenant = options.tenant ?? 'demo';
  const officeId = newId();
  await dataSource.query(
    `INSERT INTO appointments.office (id, tenant, name, street, postal_code, city, time_zone, slot_grid_minutes, created_at)
     VALUES ($1, $2, $3, 'Teststraße 1', '12345', 'Demostadt', 'Europe/Berlin', 15, now())`,
    [officeId, tenant, options.name ?? 'Testamt'],
  );
  for (let weekday = 1; weekday <= 5; weekday += 1) {
    await dataSource.query(
      `INSERT INTO appointments.opening_interval (id, tenant, office_id, weekday, opens, closes) VALUES ($1, $2, $3, $4, '08:00', '12:00')`,
      [newId(), tenant, officeId, weekday],
    );
  }
  const counterIds: string[] = [];
  for (let i = 1; i <= options.counters; i += 1) {
    const id = newId();
    counterIds.push(id);
    await dataSource.query(`INSERT INTO appointments.counter (id, tenant, office_id, name) VALUES ($1, $2, $3, $4)`, [
      id,
      tenant,
      officeId,
      `Platz ${i}`,
    ]);
  }
  // Like every office before services named their offices: the tenant's services are offered here too.
  await dataSource.query(
    `INSERT INTO appointments.service_office (tenant, service_id, office_id) SELECT tenant, id, $2 FROM appointments.service WHERE tenant = $1`,
    [tenant, officeId],
  );
  return { officeId, counterIds };
}

/** A tenant of its own with fair-booking settings a test chooses; no offices yet. */
export async function addTenant(
  dataSource: DataSource,
  slug: string,
  settings: { holdMinutes: number | null; waitingOfferMinutes: number; bookingWindowDays: number; leadTimeMinutes: number },
): Promise<void> {
  await dataSource.query(
    `INSERT INTO appointments.tenant (id, slug, name, federal_state, max_active_bookings_per_email, booking_window_days, lead_time_minutes, hold_minutes, waiting_offer_minutes, created_at)
     VALUES ($1, $2, $3, 'NW', NULL, $4, $5, $6, $7, now())`,
    [
      newId(),
      slug,
      `Test ${slug}`,
      settings.bookingWindowDays,
      settings.leadTimeMinutes,
      settings.holdMinutes,
      settings.waitingOfferMinutes,
    ],
  );
}

export async function addService(dataSource: DataSource, tenant: string, durationMinutes: number): Promise<string> {
  const id = newId();
  await dataSource.query(`INSERT INTO appointments.service (id, tenant, name, duration_minutes) VALUES ($1, $2, 'Testanliegen', $3)`, [
    id,
    tenant,
    durationMinutes,
  ]);
  // Offered at every office of the tenant, as every service was before services named their offices.
  await dataSource.query(
    `INSERT INTO appointments.service_office (tenant, service_id, office_id) SELECT tenant, $2, id FROM appointments.office WHERE tenant = $1`,
    [tenant, id],
  );
  return id;
}

/** A booking (confirmed unless a status is given) written directly, to occupy a counter without going through the API. */
export async function occupy(
  dataSource: DataSource,
  booking: { tenant: string; officeId: string; counterId: string; serviceId: string; start: string; end: string; status?: string },
): Promise<string> {
  const id = newId();
  const reference = `T${id.slice(-7, -4)}-${id.slice(-4)}`.toUpperCase();
  await dataSource.query(
    `INSERT INTO appointments.booking (id, tenant, reference, manage_token_sha256, office_id, counter_id, service_id, start_at, end_at, status, held_until, citizen_name, citizen_email, revision, created_at, updated_at)
     VALUES ($1, $2, $3, repeat('a', 64), $4, $5, $6, $7, $8, $9, CASE WHEN $9 = 'held' THEN now() + interval '15 minutes' END, 'Besetzt', 'occupied@example.org', 0, now(), now())`,
    [
      id,
      booking.tenant,
      reference,
      booking.officeId,
      booking.counterId,
      booking.serviceId,
      booking.start,
      booking.end,
      booking.status ?? 'confirmed',
    ],
  );
  return id;
}
