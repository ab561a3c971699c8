import { Injectable } from '@nestjs/common';
import { DomainError } from '@amtsweg/platform';
import { In, IsNull, type EntityManager } from 'typeorm';
import { CounterEntity, OfficeEntity, OpeningIntervalEntity, type ClosureEntity } from './office.entity';
import { parseClockTime, WeeklyOpeningHours, type OpeningIntervalOnDay } from './opening-hours';
import type { Office, OfficeSummary, Service } from './office';
import type { Weekday } from '../time/wall-clock';

/**
 * Offices with their hours, closures and counters; services. Every read is scoped to one tenant.
 * Deleted offices and services are left out of lists, slots and bookings, but still name the
 * bookings made before (`requireSummary`, `requireService`).
 */
@Injectable()
export class OfficeRepository {
  async list(manager: EntityManager, tenant: string): Promise<Office[]> {
    const offices = await manager.find(OfficeEntity, { where: { tenant, deletedAt: IsNull() }, order: { name: 'ASC', id: 'ASC' } });
    if (offices.length === 0) return [];
    const ids = offices.map((office) => office.id);
    const intervals = await manager.findBy(OpeningIntervalEntity, { tenant, officeId: In(ids) });
    const counters = await manager.find(CounterEntity, { where: { tenant, officeId: In(ids), retiredAt: IsNull() }, order: { id: 'ASC' } });
    return offices.map((office) =>
      toOffice(
        office,
        intervals.filter((i) => i.officeId === office.id),
        [],
        counters.filter((c) => c.officeId === office.id),
      ),
    );
  }

  /** One round trip: every booking and slot query starts here, so hours, closures and counters come along. */
  async find(manager: EntityManager, tenant: string, officeId: string, options: { forUpdate?: boolean } = {}): Promise<Office | undefined> {
    // Held until commit: two changes of one office's hours or counters never judge its bookings apart.
    if (options.forUpdate)
      await manager.query('SELECT 1 FROM appointments.office WHERE tenant = $1 AND id = $2 FOR UPDATE', [tenant, officeId]);
    const [row] = (await manager.query(
      `SELECT o.id, o.tenant, o.name, o.street, o.postal_code, o.city, o.time_zone, o.slot_grid_minutes,
         o.phone, o.email, o.accessibility, o.directions,
         coalesce((SELECT json_agg(json_build_object('weekday', i.weekday, 'opens', i.opens, 'closes', i.closes))
                     FROM appointments.opening_interval i WHERE i.tenant = o.tenant AND i.office_id = o.id), '[]'::json) AS intervals,
         coalesce((SELECT json_agg(json_build_object('firstDay', c.first_day, 'lastDay', c.last_day, 'reason', c.reason))
                     FROM appointments.closure c WHERE c.tenant = o.tenant AND (c.office_id = o.id OR c.office_id IS NULL)), '[]'::json) AS closures,
         coalesce((SELECT json_agg(k.id ORDER BY k.id) FROM appointments.counter k
                    WHERE k.tenant = o.tenant AND k.office_id = o.id AND k.retired_at IS NULL), '[]'::json) AS counter_ids
       FROM appointments.office o WHERE o.tenant = $1 AND o.id = $2 AND o.deleted_at IS NULL`,
      [tenant, officeId],
    )) as OfficeRow[];
    if (!row) return undefined;
    const office: OfficeEntity = {
      id: row.id,
      tenant: row.tenant,
      name: row.name,
      street: row.street,
      postalCode: row.postal_code,
      city: row.city,
      timeZone: row.time_zone,
      slotGridMinutes: row.slot_grid_minutes,
      phone: row.phone,
      email: row.email,
      accessibility: row.accessibility,
      directions: row.directions,
      createdAt: new Date(0),
      deletedAt: null,
    };
    return toOffice(
      office,
      row.intervals,
      row.closures,
      row.counter_ids.map((id) => ({ id })),
    );
  }

  async require(manager: EntityManager, tenant: string, officeId: string, options: { forUpdate?: boolean } = {}): Promise<Office> {
    const office = await this.find(manager, tenant, officeId, options);
    if (!office) throw officeNotFound();
    return office;
  }

  /** Also a deleted office: a booking made there still names it. */
  async requireSummary(manager: EntityManager, tenant: string, officeId: string): Promise<OfficeSummary> {
    const office = await manager.findOneBy(OfficeEntity, { tenant, id: officeId });
    if (!office) throw officeNotFound();
    return {
      id: office.id,
      name: office.name,
      address: { street: office.street, postalCode: office.postalCode, city: office.city },
      timeZone: office.timeZone,
    };
  }

  /** With `withDeleted`, also the services no longer offered: a day list still names their bookings. */
  async listServices(manager: EntityManager, tenant: string, options: { withDeleted?: boolean } = {}): Promise<Service[]> {
    return this.services(manager, tenant, options);
  }

  /** Also a deleted service: a booking of it still names it. */
  async requireService(manager: EntityManager, tenant: string, serviceId: string): Promise<Service> {
    const [service] = await this.services(manager, tenant, { id: serviceId, withDeleted: true });
    if (!service) throw serviceNotFound();
    return service;
  }

  /** A service citizens can book at this office now: 404 for a deleted one, 422 where the office does not offer it. */
  async requireOffered(manager: EntityManager, tenant: string, serviceId: string, officeId: string): Promise<Service> {
    const service = await this.requireService(manager, tenant, serviceId);
    if (service.deleted) throw serviceNotFound();
    if (!service.officeIds.includes(officeId)) {
      throw DomainError.unprocessable('SERVICE.NOT_OFFERED_AT_OFFICE', 'This service is not offered at this office.', [
        { field: 'serviceId', message: 'not offered at this office' },
      ]);
    }
    return service;
  }

  private async services(manager: EntityManager, tenant: string, only: { id?: string; withDeleted?: boolean } = {}): Promise<Service[]> {
    const rows = (await manager.query(
      `SELECT s.id, s.tenant, s.name, s.duration_minutes, s.description, s.documents, s.fee_amount_cents, s.fee_note, s.deleted_at,
         coalesce((SELECT json_agg(so.office_id ORDER BY o.name, o.id) FROM appointments.service_office so
                     JOIN appointments.office o ON o.tenant = so.tenant AND o.id = so.office_id AND o.deleted_at IS NULL
                    WHERE so.tenant = s.tenant AND so.service_id = s.id), '[]'::json) AS office_ids
         FROM appointments.service s
        WHERE s.tenant = $1 AND ($2::uuid IS NULL OR s.id = $2::uuid) AND ($3 OR s.deleted_at IS NULL)
        ORDER BY s.name, s.id`,
      [tenant, only.id ?? null, only.withDeleted ?? false],
    )) as ServiceRow[];
    return rows.map((row) => ({
      id: row.id,
      tenant: row.tenant,
      name: row.name,
      durationMinutes: row.duration_minutes,
      officeIds: row.office_ids,
      description: row.description,
      documents: row.documents ?? [],
      fee: row.fee_amount_cents === null || row.fee_note === null ? null : { amountCents: row.fee_amount_cents, note: row.fee_note },
      deleted: row.deleted_at !== null,
    }));
  }
}

export const officeNotFound = (): DomainError => DomainError.notFound('OFFICE.NOT_FOUND', 'No such office.');
export const serviceNotFound = (): DomainError => DomainError.notFound('SERVICE.NOT_FOUND', 'No such service.');

interface OfficeRow {
  id: string;
  tenant: string;
  name: string;
  street: string;
  postal_code: string;
  city: string;
  time_zone: string;
  slot_grid_minutes: number;
  phone: string | null;
  email: string | null;
  accessibility: string | null;
  directions: string | null;
  intervals: Array<Pick<OpeningIntervalEntity, 'weekday' | 'opens' | 'closes'>>;
  closures: Array<Pick<ClosureEntity, 'firstDay' | 'lastDay' | 'reason'>>;
  counter_ids: string[];
}

interface ServiceRow {
  id: string;
  tenant: string;
  name: string;
  duration_minutes: number;
  description: string | null;
  documents: string[] | null;
  fee_amount_cents: number | null;
  fee_note: string | null;
  deleted_at: Date | null;
  office_ids: string[];
}

function toOffice(
  office: OfficeEntity,
  intervals: Array<Pick<OpeningIntervalEntity, 'weekday' | 'opens' | 'closes'>>,
  closures: Array<Pick<ClosureEntity, 'firstDay' | 'lastDay' | 'reason'>>,
  counters: Array<Pick<CounterEntity, 'id'>>,
): Office {
  return {
    id: office.id,
    tenant: office.tenant,
    name: office.name,
    address: { street: office.street, postalCode: office.postalCode, city: office.city },
    timeZone: office.timeZone,
    slotGridMinutes: office.slotGridMinutes,
    phone: office.phone,
    email: office.email,
    accessibility: office.accessibility,
    directions: office.directions,
    openingHours: WeeklyOpeningHours.of(intervals.map(toInterval)),
    closures: closures.map(({ firstDay, lastDay, reason }) => ({ firstDay, lastDay, reason })),
    counterIds: counters.map((counter) => counter.id),
  };
}

function toInterval(row: Pick<OpeningIntervalEntity, 'weekday' | 'opens' | 'closes'>): OpeningIntervalOnDay {
  return { weekday: row.weekday as Weekday, opens: parseClockTime(row.opens), closes: parseClockTime(row.closes) };
}
