import { Injectable, Optional } from '@nestjs/common';
import { Metrics, ScheduledRounds } from '@amtsweg/platform';
import { LapseHolds } from '../booking/lapse-holds/lapse-holds';
import { EraseCitizenData } from '../data-protection/erase-citizen-data';
import { RunDraws } from '../release/run-draws/run-draws';
import { WaitingListOffers } from '../waiting-list/waiting-list-offers';
import { AppointmentsConfig } from '../appointments.config';

/** Soon after a slot frees up, so the waiting list gets it before anyone refreshing the slot list does. */
const WAKE_DELAY_MS = 50;

/**
 * Rounds of fair booking while the application runs, one at a time: lapse the holds nobody
 * confirmed, draw the releases whose collection has ended, offer free slots to the waiting list,
 * and erase citizens' data past its retention. Every APPOINTMENTS_SCHEDULER_INTERVAL_MS, and at
 * once when a use case frees a slot (`wake`).
 */
@Injectable()
export class FairBookingScheduler extends ScheduledRounds {
  constructor(
    private readonly holds: LapseHolds,
    private readonly offers: WaitingListOffers,
    private readonly draws: RunDraws,
    private readonly erasure: EraseCitizenData,
    config: AppointmentsConfig,
    @Optional() metrics?: Metrics,
  ) {
    super({ name: 'fair-booking', intervalMs: config.APPOINTMENTS_SCHEDULER_INTERVAL_MS, wakeDelayMs: WAKE_DELAY_MS }, metrics);
  }

  /** A slot was freed: a round soon, or one more right after the running one. */
  wake(): void {
    this.rounds.wake();
  }

  /** One round: lapse, draw, offer, then erase what is past its retention. Tests call it directly. */
  async runRound(): Promise<{ lapsed: number; drawn: number; offered: number; erased: number }> {
    const lapsed = await this.holds.lapseDue();
    const drawn = await this.draws.drawDue();
    const offered = await this.offers.offerFreeSlots();
    const erased = (await this.erasure.eraseDue()).bookings;
    return { lapsed, drawn, offered, erased };
  }
}
