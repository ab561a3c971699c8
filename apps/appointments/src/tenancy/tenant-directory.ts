import { Inject, Injectable } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import { erasedTenantTable } from '@amtsweg/eventing';
import { APPOINTMENTS, APPOINTMENTS_DATA_SOURCE } from '../appointments.database';
import { TenantEntity } from './tenant.entity';
import type { Tenant } from './tenant';

/** What the provider's list tells of each tenant besides its registry entry. */
export interface TenantCounts {
  offices: number;
  services: number;
  people: number;
}

/** The tenant registry: appointments owns it; the other services learn it from `tenant.*` events. */
@Injectable()
export class TenantDirectory {
  constructor(@Inject(APPOINTMENTS_DATA_SOURCE) private readonly dataSource: DataSource) {}

  /** Inside a transaction pass its manager: the embedded database has one connection. */
  async find(slug: string, manager: EntityManager = this.dataSource.manager): Promise<Tenant | undefined> {
    // An off-boarded tenant is gone from the moment of its deletion, though its rows go in rounds after it.
    // One statement: every tenant route asks this first.
    const row = await manager
      .createQueryBuilder(TenantEntity, 'tenant')
      .where('tenant.slug = :slug', { slug })
      .andWhere(`NOT EXISTS (SELECT 1 FROM ${erasedTenantTable(APPOINTMENTS)} erased WHERE erased.slug = tenant.slug)`)
      .getOne();
    return row ? toTenant(row) : undefined;
  }

  /** Every tenant, by name, suspended ones included, off-boarded ones not. */
  async all(manager: EntityManager = this.dataSource.manager): Promise<Tenant[]> {
    const retired = new Set(
      ((await manager.query(`SELECT slug FROM ${erasedTenantTable(APPOINTMENTS)}`)) as Array<{ slug: string }>).map(({ slug }) => slug),
    );
    return (await manager.find(TenantEntity, { order: { name: 'ASC' } })).filter((row) => !retired.has(row.slug)).map(toTenant);
  }

  /** Whether the slug belonged to an off-boarded tenant: it is never given again. */
  async isRetired(slug: string, manager: EntityManager = this.dataSource.manager): Promise<boolean> {
    return ((await manager.query(`SELECT 1 FROM ${erasedTenantTable(APPOINTMENTS)} WHERE slug = $1`, [slug])) as unknown[]).length > 0;
  }

  /**
   * Offices and services (not deleted) and people per tenant slug. People come from `appointments.tenant_person`, a
   * projection of the directory's person events (empty until messaging publishes them).
   */
  async counts(): Promise<Map<string, TenantCounts>> {
    const rows = (await this.dataSource.query(
      `SELECT t.slug,
              (SELECT count(*) FROM appointments.office o WHERE o.tenant = t.slug AND o.deleted_at IS NULL)::int AS offices,
              (SELECT count(*) FROM appointments.service s WHERE s.tenant = t.slug AND s.deleted_at IS NULL)::int AS services,
              (SELECT count(*) FROM appointments.tenant_person p WHERE p.tenant = t.slug AND p.active)::int AS people
         FROM appointments.tenant t`,
    )) as Array<{ slug: string; offices: number; services: number; people: number }>;
    return new Map(rows.map(({ slug, ...counts }) => [slug, counts]));
  }
}

export function toTenant(row: TenantEntity): Tenant {
  return {
    slug: row.slug,
    name: row.name,
    federalState: row.federalState,
    timeZone: row.timeZone,
    suspended: row.suspended,
    suspendedSince: row.suspendedSince,
    revision: row.revision,
    settings: {
      maxActiveBookingsPerEmail: row.maxActiveBookingsPerEmail,
      bookingWindowDays: row.bookingWindowDays,
      leadTimeMinutes: row.leadTimeMinutes,
      holdMinutes: row.holdMinutes,
      waitingOfferMinutes: row.waitingOfferMinutes,
      requestsPerMinutePerAddress: row.requestsPerMinutePerAddress,
      proofOfWorkMaxNumber: row.proofOfWorkMaxNumber,
      reopenDelayMinutes: row.reopenDelayMinutes,
    },
  };
}
