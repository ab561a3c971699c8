import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { APPOINTMENTS_DATA_SOURCE } from '../../appointments.database';
import type { Tenant } from '../../tenancy/tenant';
import type { Service } from '../office';
import { OfficeRepository } from '../office.repository';

@Injectable()
export class ListServicesHandler {
  constructor(
    @Inject(APPOINTMENTS_DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly offices: OfficeRepository,
  ) {}

  execute(tenant: Tenant): Promise<Service[]> {
    return this.offices.listServices(this.dataSource.manager, tenant.slug);
  }
}
