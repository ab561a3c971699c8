import { Injectable } from '@nestjs/common';
import { DomainError } from '@amtsweg/platform';
import { In, IsNull, type EntityManager } from 'typeorm';
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

  async find(manager: EntityManager, tenant: string, officeId: string): Promise<Office | undefined> {
    const office = await manager.findOneBy(OfficeEntity, { tenant, id: officeId });
    if (!office) return undefined;
    // One query at a time: on the embedded database a transaction's manager is one session.
    const intervals = await manager.findBy(OpeningIntervalEntity, { tenant, officeId });
    const closures = await manager.find(ClosureEntity, { where: [{ tenant, officeId }, { tenant, officeId: IsNull() }] });
    const counters = await manager.find(CounterEntity, { where: { tenant, officeId }, order: { id: 'ASC' } });
    return toOffice(office, intervals, closures, counters);
  }

  async require(manager: EntityManager, tenant: string, officeId: string): Promise<Office> {
    const office = await this.find(manager, tenant, officeId);
    if (!office) throw DomainError.notFound('OFFICE.NOT_FOUND', 'No such office.');
    return office;
  }

  async requireSummary(manager: EntityManager, tenant: string, officeId: string): Promise<OfficeSummary> {
    const office = await manager.findOneBy(OfficeEntity, { tenant, id: officeId });
    if (!office) throw DomainError.notFound('OFFICE.NOT_FOUND', 'No such office.');
    return { id: office.id, name: office.name, address: { street: office.street, postalCode: office.postalCode, city: office.city }, timeZone: office.timeZone };
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

function toOffice(office: OfficeEntity, intervals: OpeningIntervalEntity[], closures: ClosureEntity[], counters: CounterEntity[]): Office {
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

function toInterval(row: OpeningIntervalEntity): OpeningIntervalOnDay {
  return { weekday: row.weekday as Weekday, opens: parseClockTime(row.opens), closes: parseClockTime(row.closes) };
}
