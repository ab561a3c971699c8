import { Injectable } from '@nestjs/common';
import { DomainError } from '@amtsweg/platform';
import { In, type EntityManager } from 'typeorm';
import { ClosureEntity, CounterEntity, OfficeEntity, OpeningIntervalEntity, ServiceEntity } from './office.entity';
import { parseClockTime, WeeklyOpeningHours, type OpeningIntervalOnDay } from './opening-hours';
import type { Office, OfficeSummary, Service } from './office';
import type { Weekday } from '../time/wall-clock';

/** Offices with their hours, closures and counters; services. Every read is scoped to one tenant. */
@Injectable()
export class OfficeRepository {
  async list(manager: EntityManager, tenant: string): Promise<Office[]> {
    const offices = await manager.find(OfficeEntity, { where: { tenant }, order: { name: 'ASC', id: 'ASC' } });
    if (offices.length === 0) return [];
    const ids = offices.map((office) => office.id);
    const intervals = await manager.findBy(OpeningIntervalEntity, { tenant, officeId: In(ids) });
    const counters = await manager.findBy(CounterEntity, { tenant, officeId: In(ids) });
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
  async find(manager: EntityManager, tenant: string, officeId: string): Promise<Office | undefined> {
    const [row] = (await manager.query(
      `SELECT o.id, o.tenant, o.name, o.street, o.postal_code, o.city, o.time_zone, o.slot_grid_minutes,
         coalesce((SELECT json_agg(json_build_object('weekday', i.weekday, 'opens', i.opens, 'closes', i.closes))
                     FROM appointments.opening_interval i WHERE i.tenant = o.tenant AND i.office_id = o.id), '[]'::json) AS intervals,
         coalesce((SELECT json_agg(json_build_object('firstDay', c.first_day, 'lastDay', c.last_day, 'reason', c.reason))
                     FROM appointments.closure c WHERE c.tenant = o.tenant AND (c.office_id = o.id OR c.office_id IS NULL)), '[]'::json) AS closures,
         coalesce((SELECT json_agg(k.id ORDER BY k.id) FROM appointments.counter k WHERE k.tenant = o.tenant AND k.office_id = o.id), '[]'::json) AS counter_ids
       FROM appointments.office o WHERE o.tenant = $1 AND o.id = $2`,
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
      createdAt: new Date(0),
    };
    return toOffice(
      office,
      row.intervals,
      row.closures,
      row.counter_ids.map((id) => ({ id })),
    );
  }

  async require(manager: EntityManager, tenant: string, officeId: string): Promise<Office> {
    const office = await this.find(manager, tenant, officeId);
    if (!office) throw DomainError.notFound('OFFICE.NOT_FOUND', 'No such office.');
    return office;
  }

  async requireSummary(manager: EntityManager, tenant: string, officeId: string): Promise<OfficeSummary> {
    const office = await manager.findOneBy(OfficeEntity, { tenant, id: officeId });
    if (!office) throw DomainError.notFound('OFFICE.NOT_FOUND', 'No such office.');
    return {
      id: office.id,
      name: office.name,
      address: { street: office.street, postalCode: office.postalCode, city: office.city },
      timeZone: office.timeZone,
    };
  }

  async listServices(manager: EntityManager, tenant: string): Promise<Service[]> {
    return manager.find(ServiceEntity, { where: { tenant }, order: { name: 'ASC', id: 'ASC' } });
  }

  async requireService(manager: EntityManager, tenant: string, serviceId: string): Promise<Service> {
    const service = await manager.findOneBy(ServiceEntity, { tenant, id: serviceId });
    if (!service) throw DomainError.notFound('SERVICE.NOT_FOUND', 'No such service.');
    return service;
  }
}

interface OfficeRow {
  id: string;
  tenant: string;
  name: string;
  street: string;
  postal_code: string;
  city: string;
  time_zone: string;
  slot_grid_minutes: number;
  intervals: Array<Pick<OpeningIntervalEntity, 'weekday' | 'opens' | 'closes'>>;
  closures: Array<Pick<ClosureEntity, 'firstDay' | 'lastDay' | 'reason'>>;
  counter_ids: string[];
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
    openingHours: WeeklyOpeningHours.of(intervals.map(toInterval)),
    closures: closures.map(({ firstDay, lastDay, reason }) => ({ firstDay, lastDay, reason })),
    counterIds: counters.map((counter) => counter.id),
  };
}

function toInterval(row: Pick<OpeningIntervalEntity, 'weekday' | 'opens' | 'closes'>): OpeningIntervalOnDay {
  return { weekday: row.weekday as Weekday, opens: parseClockTime(row.opens), closes: parseClockTime(row.closes) };
}
