import { Clock } from '@amtsweg/platform';
import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { APPOINTMENTS_DATA_SOURCE } from '../../appointments.database';
import { OfficeRepository } from '../../office/office.repository';
import type { Tenant } from '../../tenancy/tenant';
import type { Release } from '../release';
import { ReleaseRepository } from '../release.repository';

/** Releases still collecting and those of the last 30 days, each with the time zone of its first office. */
@Injectable()
export class ListReleasesHandler {
  constructor(
    @Inject(APPOINTMENTS_DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly releases: ReleaseRepository,
    private readonly offices: OfficeRepository,
    private readonly clock: Clock,
  ) {}

  async execute(tenant: Tenant): Promise<Array<{ release: Release; timeZone: string }>> {
    const manager = this.dataSource.manager;
    const releases = await this.releases.listRecent(manager, tenant.slug, this.clock.now());
    if (releases.length === 0) return [];
    const zones = new Map((await this.offices.list(manager, tenant.slug)).map((office) => [office.id, office.timeZone]));
    return releases.map((release) => ({ release, timeZone: zones.get(release.officeIds[0]) ?? 'Europe/Berlin' }));
  }
}
