import { Inject, Injectable } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import { APPOINTMENTS_DATA_SOURCE } from '../appointments.database';
import { TenantEntity } from './tenant.entity';
import type { Tenant } from './tenant';

/** The tenants this service knows (seeded; later provisioned by events). */
@Injectable()
export class TenantDirectory {
  constructor(@Inject(APPOINTMENTS_DATA_SOURCE) private readonly dataSource: DataSource) {}

  /** Inside a transaction pass its manager: the embedded database has one connection. */
  async find(slug: string, manager: EntityManager = this.dataSource.manager): Promise<Tenant | undefined> {
    const row = await manager.findOneBy(TenantEntity, { slug });
    return row ? toTenant(row) : undefined;
  }

  /** Every tenant, by name. */
  async all(): Promise<Tenant[]> {
    return (await this.dataSource.manager.find(TenantEntity, { order: { name: 'ASC' } })).map(toTenant);
  }
}

export function toTenant(row: TenantEntity): Tenant {
  return {
    slug: row.slug,
    name: row.name,
    federalState: row.federalState,
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
