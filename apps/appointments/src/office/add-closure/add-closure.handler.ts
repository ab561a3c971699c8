import { AdminAudit } from '@amtsweg/eventing';
import type { AdminActor } from '@amtsweg/platform';
import { Clock, DomainError, newId } from '@amtsweg/platform';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { APPOINTMENTS_DATA_SOURCE } from '../../appointments.database';
import { CancelByOffice, type AffectedBooking } from '../../booking/cancel-by-office/cancel-by-office';
import type { Tenant } from '../../tenancy/tenant';
import type { Closure } from '../office';
import { OfficeRepository } from '../office.repository';
import { OfficeWriter } from '../office-writer';

export interface AddClosureCommand extends Closure {
  tenant: Tenant;
  officeId: string;
  cancelAffected: boolean;
  /** Only the seed names the id (the demo closure); the API makes a new one. */
  id?: string;
  /** The tenant-admin, for the admin audit; none for the demo seed. */
  actor?: AdminActor;
}

export interface AddedClosure extends Closure {
  id: string;
  affectedBookings: AffectedBooking[];
}

/** Closures longer than this are an office's end, not a closure: delete the office instead. */
const MAX_CLOSURE_DAYS = 366;

@Injectable()
export class AddClosureHandler {
  private readonly logger = new Logger(AddClosureHandler.name);

  constructor(
    @Inject(APPOINTMENTS_DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly offices: OfficeRepository,
    private readonly writer: OfficeWriter,
    private readonly cancellations: CancelByOffice,
    private readonly clock: Clock,
    private readonly audit: AdminAudit,
  ) {}

  async execute(command: AddClosureCommand): Promise<AddedClosure> {
    const { tenant, officeId, firstDay, lastDay, reason } = command;
    if (lastDay < firstDay)
      throw DomainError.unprocessable('CLOSURE.RANGE_INVERTED', 'The last day lies before the first.', [
        { field: 'lastDay', message: 'must not be before firstDay' },
      ]);
    if ((Date.parse(lastDay) - Date.parse(firstDay)) / 86_400_000 >= MAX_CLOSURE_DAYS)
      throw DomainError.unprocessable('CLOSURE.TOO_LONG', `A closure lasts at most ${MAX_CLOSURE_DAYS} days.`, [
        { field: 'lastDay', message: `must be less than ${MAX_CLOSURE_DAYS} days after firstDay` },
      ]);
    const now = this.clock.now();
    const id = command.id ?? newId();
    const affectedBookings = await this.dataSource.transaction(async (manager) => {
      await this.offices.require(manager, tenant.slug, officeId, { forUpdate: true });
      await this.writer.addClosure(manager, tenant.slug, officeId, { id, firstDay, lastDay, reason });
      const office = await this.offices.require(manager, tenant.slug, officeId);
      const affected = await this.cancellations.settleOffice(manager, tenant, officeId, office, now, {
        cancelAffected: command.cancelAffected,
        conflictCode: 'OFFICE.BOOKINGS_AFFECTED',
      });
      await this.writer.closureAdded(manager, tenant.slug, {
        officeId,
        closureId: id,
        firstDay,
        lastDay,
        cancelledBookings: affected.length,
      });
      if (command.actor) {
        await this.audit.record(manager, {
          tenant: tenant.slug,
          actor: command.actor,
          action: 'office.closure-added',
          subject: { type: 'closure', id: id },
          before: null,
          after: { officeId, firstDay, lastDay, reason, cancelledBookings: affected.length },
        });
      }
      return affected;
    });
    this.logger.log(`office ${officeId}: closure ${id} added, ${affectedBookings.length} booking(s) cancelled`);
    return { id, firstDay, lastDay, reason, affectedBookings };
  }
}
