import { DomainError, newId, newSecret, sqlState, PgError, Clock } from '@amtsweg/platform';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { APPOINTMENTS_DATA_SOURCE } from '../../appointments.database';
import { hashManageToken } from '../../booking/manage-token';
import { FairBookingScheduler } from '../../fair-booking/fair-booking.scheduler';
import { OfficeRepository } from '../../office/office.repository';
import { assertTimeSpan } from '../../preferences/stated-preferences';
import type { WaitingEntry } from '../waiting-entry';
import { WaitingEntryRepository } from '../waiting-entry.repository';
import type { JoinWaitingListCommand } from './join-waiting-list.command';

export interface JoinedWaitingList {
  entry: WaitingEntry;
  /** Handed out once, here: the key to see the entry or leave the list. */
  manageToken: string;
}

@Injectable()
export class JoinWaitingListHandler {
  private readonly logger = new Logger(JoinWaitingListHandler.name);

  constructor(
    @Inject(APPOINTMENTS_DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly offices: OfficeRepository,
    private readonly entries: WaitingEntryRepository,
    private readonly scheduler: FairBookingScheduler,
    private readonly clock: Clock,
  ) {}

  async execute(command: JoinWaitingListCommand): Promise<JoinedWaitingList> {
    const { tenant, preferences } = command;
    assertTimeSpan(preferences);
    const manager = this.dataSource.manager;
    for (const officeId of preferences.officeIds) {
      await this.offices.require(manager, tenant.slug, officeId);
      await this.offices.requireOffered(manager, tenant.slug, command.serviceId, officeId);
    }
    const now = this.clock.now();
    const manageToken = newSecret();
    const entry: WaitingEntry = {
      id: newId(),
      tenant: tenant.slug,
      serviceId: command.serviceId,
      ...preferences,
      citizenName: command.citizen.name,
      citizenEmail: command.citizen.email,
      manageTokenSha256: hashManageToken(manageToken),
      status: 'waiting',
      createdAt: now,
      updatedAt: now,
    };
    try {
      await this.entries.insert(manager, entry);
    } catch (error) {
      if (sqlState(error) === PgError.uniqueViolation) {
        throw DomainError.conflict('WAITING_LIST.ALREADY_WAITING', 'This e-mail address is already on the waiting list for this service.');
      }
      throw error;
    }
    this.logger.log(`waiting entry ${entry.id} joined`);
    // A fitting slot may be free right now.
    this.scheduler.wake();
    return { entry, manageToken };
  }
}
