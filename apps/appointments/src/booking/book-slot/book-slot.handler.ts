import { BookingConfirmedV2, BookingHeldV2 } from '@amtsweg/contracts';
import { Outbox } from '@amtsweg/eventing';
import { newId, newSecret, MessagingSeal, PlatformConfig, Clock } from '@amtsweg/platform';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { APPOINTMENTS_DATA_SOURCE } from '../../appointments.database';
import { OfficeRepository } from '../../office/office.repository';
import { PublicHolidays } from '../../office/public-holidays';
import { heldBackForDraw } from '../../release/held-back';
import { ReleaseRepository } from '../../release/release.repository';
import { BookingWindow } from '../../slots/booking-window';
import { officeSchedule } from '../../slots/office-schedule';
import { MINUTE_MS } from '../../time/wall-clock';
import { BookingErrors } from '../booking';
import { assertBookableStart } from '../bookable-start';
import type { BookingEntity } from '../booking.entity';
import { retryingBookingConflicts } from '../booking-conflicts';
import { manageUrl, sealedBookingMail } from '../booking-mail';
import { BookingReferences } from '../booking-reference';
import { BookingRepository } from '../booking.repository';
import { assertBelowEmailLimit } from '../email-limit';
import { hashManageToken } from '../manage-token';
import type { BookSlotCommand } from './book-slot.command';

export interface BookedSlot {
  booking: BookingEntity;
  /**
   * Handed out once, here, when the booking is confirmed at once; the database keeps only its hash.
   * A held booking's token goes only to the citizen's mailbox: following it is the confirmation.
   */
  manageToken: string | undefined;
  timeZone: string;
}

@Injectable()
export class BookSlotHandler {
  private readonly logger = new Logger(BookSlotHandler.name);

  constructor(
    @Inject(APPOINTMENTS_DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly offices: OfficeRepository,
    private readonly bookings: BookingRepository,
    private readonly references: BookingReferences,
    private readonly releases: ReleaseRepository,
    private readonly holidays: PublicHolidays,
    private readonly clock: Clock,
    private readonly outbox: Outbox,
    private readonly config: PlatformConfig,
    private readonly seal: MessagingSeal,
  ) {}

  async execute(command: BookSlotCommand): Promise<BookedSlot> {
    const { tenant, citizen } = command;
    const office = await this.offices.require(this.dataSource.manager, tenant.slug, command.officeId);
    const service = await this.offices.requireService(this.dataSource.manager, tenant.slug, command.serviceId);
    const now = this.clock.now();
    const schedule = officeSchedule(office, tenant.federalState, this.holidays);
    assertBookableStart(schedule, service.durationMinutes, new BookingWindow(now.getTime(), tenant.settings), command.start);

    const start = new Date(command.start);
    const end = new Date(command.start + service.durationMinutes * MINUTE_MS);
    const manageToken = newSecret();
    const limit = tenant.settings.maxActiveBookingsPerEmail;
    const holdMinutes = tenant.settings.holdMinutes;

    if ((await this.releases.heldBack(this.dataSource.manager, tenant.slug, office.id, start, end)).length > 0) throw heldBackForDraw();
    // A slot already full is refused without a transaction: in a rush most requests end here, cheaply.
    // Only a shortcut: a free counter seen here is claimed, or lost, inside the transaction below.
    if (!(await this.bookings.pickFreeCounter(this.dataSource.manager, tenant.slug, office.id, start, end, { firstComeAt: now })))
      throw BookingErrors.slotTaken();

    // One transaction per attempt: a refused statement ends its transaction on PostgreSQL.
    const booking = await retryingBookingConflicts(() =>
      this.dataSource.transaction(async (manager) => {
        if (limit !== null) {
          await this.bookings.lockEmail(manager, tenant.slug, citizen.email);
          assertBelowEmailLimit(await this.bookings.countActiveFutureByEmail(manager, tenant.slug, citizen.email, now), limit);
        }
        const counterId = await this.bookings.pickFreeCounter(manager, tenant.slug, office.id, start, end, { firstComeAt: now });
        if (!counterId) throw BookingErrors.slotTaken();
        const booked: BookingEntity = {
          id: newId(),
          tenant: tenant.slug,
          reference: this.references.next(),
          manageTokenSha256: hashManageToken(manageToken),
          officeId: office.id,
          counterId,
          serviceId: service.id,
          startAt: start,
          endAt: end,
          status: holdMinutes === null ? 'confirmed' : 'held',
          heldUntil: holdMinutes === null ? null : new Date(now.getTime() + holdMinutes * MINUTE_MS),
          waitingEntryId: null,
          reopensAt: null,
          citizenName: citizen.name,
          citizenEmail: citizen.email,
          revision: 0,
          createdAt: now,
          updatedAt: now,
        };
        await this.bookings.insert(manager, booked);
        const details = sealedBookingMail(
          booked,
          office,
          service,
          schedule.clock,
          manageUrl(this.config.publicUrl, booked, manageToken),
          this.seal,
        );
        const meta = { subject: booked.id, tenantId: tenant.slug };
        if (booked.heldUntil) {
          await this.outbox.append(
            manager,
            BookingHeldV2,
            { ...details, heldUntil: schedule.clock.format(booked.heldUntil.getTime()), reason: 'booking' },
            meta,
          );
        } else {
          await this.outbox.append(manager, BookingConfirmedV2, details, meta);
        }
        return booked;
      }),
    );
    this.logger.log(`booking ${booking.id} ${booking.status} at office ${office.id}`);
    return { booking, manageToken: booking.status === 'held' ? undefined : manageToken, timeZone: office.timeZone };
  }
}
