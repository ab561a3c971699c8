import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { APPOINTMENTS_DATA_SOURCE } from '../../appointments.database';
import type { Tenant } from '../../tenancy/tenant';
import type { Office } from '../office';
import { OfficeRepository } from '../office.repository';

@Injectable()
export class ListOfficesHandler {
  constructor(
    @Inject(APPOINTMENTS_DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly offices: OfficeRepository,
  ) {}

  execute(tenant: Tenant): Promise<Office[]> {
    return this.offices.list(this.dataSource.manager, tenant.slug);
  }
}
