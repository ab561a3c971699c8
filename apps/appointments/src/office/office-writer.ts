import { Outbox } from '@amtsweg/eventing';
import { DomainError, newId } from '@amtsweg/platform';
import { OfficeClosureAddedV1, OfficeCreatedV1, OfficeDeletedV1, OfficeUpdatedV1 } from '@amtsweg/contracts';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Office } from './office';
import { formatMinutes, type WeeklyOpeningHours } from './opening-hours';

/** An office as a tenant admin describes it (the API's body, or the seed's data). */
export interface OfficeDraft {
  name: string;
  address: { street: string; postalCode: string; city: string };
  timeZone: string;
  slotGridMinutes: number;
  counters: number;
  openingHours: WeeklyOpeningHours;
  phone: string | null;
  email: string | null;
  accessibility: string | null;
  directions: string | null;
}

/** Writes offices, their hours and counters, and appends their events. Every statement names the schema. */
@Injectable()
export class OfficeWriter {
  constructor(private readonly outbox: Outbox) {}

  async insert(manager: EntityManager, tenant: string, id: string, draft: OfficeDraft, now: Date): Promise<void> {
    await manager.query(
      `INSERT INTO appointments.office (id, tenant, name, street, postal_code, city, time_zone, slot_grid_minutes, phone, email, accessibility, directions, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
      [id, tenant, ...this.columns(draft), now],
    );
    await this.replaceHours(manager, tenant, id, draft.openingHours);
    await this.setCounters(manager, tenant, id, draft.counters, now);
  }

  async update(manager: EntityManager, tenant: string, id: string, draft: OfficeDraft, now: Date): Promise<void> {
    await manager.query(
      `UPDATE appointments.office SET name = $3, street = $4, postal_code = $5, city = $6, time_zone = $7, slot_grid_minutes = $8,
         phone = $9, email = $10, accessibility = $11, directions = $12 WHERE tenant = $1 AND id = $2`,
      [tenant, id, ...this.columns(draft)],
    );
    await this.replaceHours(manager, tenant, id, draft.openingHours);
    await this.setCounters(manager, tenant, id, draft.counters, now);
  }

  /** 422 when a service offered here lasts no whole number of the grid's steps: its slots would not line up. */
  async assertGridFitsServices(manager: EntityManager, tenant: string, officeId: string, gridMinutes: number): Promise<void> {
    const misfits = (await manager.query(
      `SELECT s.name FROM appointments.service s JOIN appointments.service_office so ON so.tenant = s.tenant AND so.service_id = s.id
        WHERE s.tenant = $1 AND so.office_id = $2 AND s.deleted_at IS NULL AND s.duration_minutes % $3 <> 0 ORDER BY s.name`,
      [tenant, officeId, gridMinutes],
    )) as Array<{ name: string }>;
    if (misfits.length === 0) return;
    throw DomainError.unprocessable(
      'OFFICE.GRID_DOES_NOT_FIT_SERVICES',
      `A service offered here does not last a multiple of ${gridMinutes} minutes.`,
      [{ field: 'slotGridMinutes', message: `does not divide the duration of: ${misfits.map((s) => s.name).join(', ')}` }],
    );
  }

  async markDeleted(manager: EntityManager, tenant: string, id: string, now: Date): Promise<void> {
    await manager.query('UPDATE appointments.office SET deleted_at = $3 WHERE tenant = $1 AND id = $2', [tenant, id, now]);
  }

  async addClosure(
    manager: EntityManager,
    tenant: string,
    officeId: string,
    closure: { id: string; firstDay: string; lastDay: string; reason: string },
  ): Promise<void> {
    await manager.query(
      'INSERT INTO appointments.closure (id, tenant, office_id, first_day, last_day, reason) VALUES ($1, $2, $3, $4, $5, $6)',
      [closure.id, tenant, officeId, closure.firstDay, closure.lastDay, closure.reason],
    );
  }

  async created(manager: EntityManager, office: Office, cancelledBookings: number): Promise<void> {
    await this.outbox.append(manager, OfficeCreatedV1, officeFacts(office, cancelledBookings), {
      subject: office.id,
      tenantId: office.tenant,
    });
  }

  async updated(manager: EntityManager, office: Office, cancelledBookings: number): Promise<void> {
    await this.outbox.append(manager, OfficeUpdatedV1, officeFacts(office, cancelledBookings), {
      subject: office.id,
      tenantId: office.tenant,
    });
  }

  async deleted(manager: EntityManager, tenant: string, officeId: string, cancelledBookings: number): Promise<void> {
    await this.outbox.append(manager, OfficeDeletedV1, { officeId, cancelledBookings }, { subject: officeId, tenantId: tenant });
  }

  async closureAdded(manager: EntityManager, tenant: string, event: OfficeClosureAddedV1): Promise<void> {
    await this.outbox.append(manager, OfficeClosureAddedV1, event, { subject: event.officeId, tenantId: tenant });
  }

  private columns(draft: OfficeDraft): unknown[] {
    return [
      draft.name,
      draft.address.street,
      draft.address.postalCode,
      draft.address.city,
      draft.timeZone,
      draft.slotGridMinutes,
      draft.phone,
      draft.email,
      draft.accessibility,
      draft.directions,
    ];
  }

  private async replaceHours(manager: EntityManager, tenant: string, officeId: string, hours: WeeklyOpeningHours): Promise<void> {
    await manager.query('DELETE FROM appointments.opening_interval WHERE tenant = $1 AND office_id = $2', [tenant, officeId]);
    for (const { weekday, opens, closes } of hours.all()) {
      await manager.query(
        'INSERT INTO appointments.opening_interval (id, tenant, office_id, weekday, opens, closes) VALUES ($1, $2, $3, $4, $5, $6)',
        [newId(), tenant, officeId, weekday, formatMinutes(opens), formatMinutes(closes)],
      );
    }
  }

  /**
   * `count` counters in service: fewer retires the last ones (their past bookings keep pointing at
   * them), more brings retired ones back first, then adds new ones ("Platz 3").
   */
  private async setCounters(manager: EntityManager, tenant: string, officeId: string, count: number, now: Date): Promise<void> {
    const counters = (await manager.query(
      `SELECT id, position, retired_at FROM appointments.counter WHERE tenant = $1 AND office_id = $2
        ORDER BY coalesce(position, 2147483647), name, id`,
      [tenant, officeId],
    )) as Array<{ id: string; position: number | null; retired_at: Date | null }>;
    const active = counters.filter((c) => c.retired_at === null);
    const retired = counters.filter((c) => c.retired_at !== null);
    if (active.length > count) {
      await manager.query('UPDATE appointments.counter SET retired_at = $2 WHERE id = ANY($1::uuid[])', [
        active.slice(count).map((c) => c.id),
        now,
      ]);
      return;
    }
    const back = retired.slice(0, count - active.length);
    if (back.length > 0)
      await manager.query('UPDATE appointments.counter SET retired_at = NULL WHERE id = ANY($1::uuid[])', [back.map((c) => c.id)]);
    let position = Math.max(counters.length, ...counters.map((c) => c.position ?? 0));
    for (let added = active.length + back.length; added < count; added += 1) {
      position += 1;
      await manager.query('INSERT INTO appointments.counter (id, tenant, office_id, name, position) VALUES ($1, $2, $3, $4, $5)', [
        newId(),
        tenant,
        officeId,
        `Platz ${position}`,
        position,
      ]);
    }
  }
}

/** The office as its events carry it: what citizens see, without phone or e-mail (docs/personal-data-in-events.md). */
function officeFacts(office: Office, cancelledBookings: number): OfficeCreatedV1 {
  return {
    officeId: office.id,
    name: office.name,
    street: office.address.street,
    postalCode: office.address.postalCode,
    city: office.address.city,
    timeZone: office.timeZone,
    slotGridMinutes: office.slotGridMinutes,
    counters: office.counterIds.length,
    openingHours: office.openingHours
      .all()
      .map(({ weekday, opens, closes }) => ({ weekday, opens: formatMinutes(opens), closes: formatMinutes(closes) })),
    cancelledBookings,
  };
}
