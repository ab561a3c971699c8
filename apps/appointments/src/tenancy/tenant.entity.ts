import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ schema: 'appointments', name: 'tenant' })
export class TenantEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('text', { unique: true }) slug: string;
  @Column('text') name: string;
  @Column('text', { name: 'federal_state' }) federalState: string;
  /** IANA zone, e.g. `Europe/Berlin`. */
  @Column('text', { name: 'time_zone' }) timeZone: string;
  /** A suspended tenant answers citizens 404 and staff 403 `TENANT.SUSPENDED`, in every service. */
  @Column('boolean') suspended: boolean;
  /** When the current suspension began; null while active. Deletion waits TENANT_DELETION_AFTER_SUSPENSION_DAYS from it. */
  @Column('timestamptz', { name: 'suspended_since', nullable: true }) suspendedSince: Date | null;
  /** Counts the tenant's events (0: never announced); every `tenant.*` event carries it. */
  @Column('int') revision: number;
  /** Null: no limit (the anti-scalping measures are off for this tenant). */
  @Column('int', { name: 'max_active_bookings_per_email', nullable: true }) maxActiveBookingsPerEmail: number | null;
  @Column('int', { name: 'booking_window_days' }) bookingWindowDays: number;
  @Column('int', { name: 'lead_time_minutes' }) leadTimeMinutes: number;
  /** Null: bookings are confirmed at once; otherwise held this long for the mailed confirmation link. */
  @Column('int', { name: 'hold_minutes', nullable: true }) holdMinutes: number | null;
  @Column('int', { name: 'waiting_offer_minutes' }) waitingOfferMinutes: number;
  @Column('int', { name: 'requests_per_minute_per_address', nullable: true }) requestsPerMinutePerAddress: number | null;
  @Column('int', { name: 'proof_of_work_max_number', nullable: true }) proofOfWorkMaxNumber: number | null;
  @Column('int', { name: 'reopen_delay_minutes' }) reopenDelayMinutes: number;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
}
