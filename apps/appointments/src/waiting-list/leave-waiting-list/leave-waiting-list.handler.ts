import { DomainError, Clock } from '@amtsweg/platform';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { APPOINTMENTS_DATA_SOURCE } from '../../appointments.database';
import type { Tenant } from '../../tenancy/tenant';
import { ManagedWaitingEntries } from '../managed-waiting-entry';
import { WaitingEntryRepository } from '../waiting-entry.repository';

/** The citizen leaves the list. An offer already made stays theirs to confirm or cancel as a booking. */
@Injectable()
export class LeaveWaitingListHandler {
  private readonly logger = new Logger(LeaveWaitingListHandler.name);

  constructor(
    @Inject(APPOINTMENTS_DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly managed: ManagedWaitingEntries,
    private readonly entries: WaitingEntryRepository,
    private readonly clock: Clock,
  ) {}

  async execute(tenant: Tenant, id: string, token: unknown): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const entry = await this.managed.open(manager, tenant.slug, id, token, { forUpdate: true });
      if (entry.status !== 'waiting') {
        throw DomainError.conflict('WAITING_LIST.NOT_WAITING', `This entry is "${entry.status}"; only a waiting entry can leave the list.`);
      }
      await this.entries.settle(manager, entry.id, 'withdrawn', this.clock.now());
    });
    this.logger.log(`waiting entry ${id} withdrawn`);
  }
}
