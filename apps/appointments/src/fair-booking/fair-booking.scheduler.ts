import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { LapseHolds } from '../booking/lapse-holds/lapse-holds';
import { EraseCitizenData } from '../data-protection/erase-citizen-data';
import { RunDraws } from '../release/run-draws/run-draws';
import { WaitingListOffers } from '../waiting-list/waiting-list-offers';
import { AppointmentsConfig } from './appointments.config';

/** Soon after a slot frees up, so the waiting list gets it before anyone refreshing the slot list does. */
const WAKE_DELAY_MS = 50;

/**
 * Rounds of fair booking while the application runs, one at a time: lapse the holds nobody
 * confirmed, draw the releases whose collection has ended, offer free slots to the waiting list,
 * and erase citizens' data past its retention. Every APPOINTMENTS_SCHEDULER_INTERVAL_MS, and at
 * once when a use case frees a slot (`wake`).
 */
@Injectable()
export class FairBookingScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(FairBookingScheduler.name);
  private timer?: NodeJS.Timeout;
  private round?: Promise<void>;
  private running = false;
  private wokenDuringRound = false;

  constructor(
    private readonly holds: LapseHolds,
    private readonly offers: WaitingListOffers,
    private readonly draws: RunDraws,
    private readonly erasure: EraseCitizenData,
    private readonly config: AppointmentsConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.running = this.config.APPOINTMENTS_SCHEDULER_INTERVAL_MS > 0;
    this.schedule(Math.min(1_000, this.config.APPOINTMENTS_SCHEDULER_INTERVAL_MS));
  }

  async onModuleDestroy(): Promise<void> {
    this.running = false;
    clearTimeout(this.timer);
    await this.round;
  }

  /** A slot was freed: a round soon, or one more right after the running one. */
  wake(): void {
    if (this.round) this.wokenDuringRound = true;
    else this.schedule(WAKE_DELAY_MS);
  }

  /** One round: lapse, draw, offer, then erase what is past its retention. Tests call it directly. */
  async runRound(): Promise<{ lapsed: number; drawn: number; offered: number; erased: number }> {
    const lapsed = await this.holds.lapseDue();
    const drawn = await this.draws.drawDue();
    const offered = await this.offers.offerFreeSlots();
    const erased = (await this.erasure.eraseDue()).bookings;
    return { lapsed, drawn, offered, erased };
  }

  private schedule(delayMs: number): void {
    if (!this.running) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.wokenDuringRound = false;
      this.round = this.runRound()
        .then(
          () => undefined,
          (error: unknown) => this.logger.warn(`round failed: ${(error as Error)?.message ?? String(error)}`),
        )
        .finally(() => {
          this.round = undefined;
          this.schedule(this.wokenDuringRound ? WAKE_DELAY_MS : this.config.APPOINTMENTS_SCHEDULER_INTERVAL_MS);
        });
    }, delayMs);
    this.timer.unref();
  }
}
