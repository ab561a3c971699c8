import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { BookingStatus } from './booking';

/**
 * A citizen's appointment at one counter. No two occupying bookings of a counter overlap: an
 * exclusion constraint says so, not code. The manage token is stored only as its SHA-256.
 */
@Entity({ schema: 'appointments', name: 'booking' })
export class BookingEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('text') tenant: string;
  @Column('text') reference: string;
  @Column('text', { name: 'manage_token_sha256' }) manageTokenSha256: string;
  @Column('uuid', { name: 'office_id' }) officeId: string;
  @Column('uuid', { name: 'counter_id' }) counterId: string;
  @Column('uuid', { name: 'service_id' }) serviceId: string;
  @Column('timestamptz', { name: 'start_at' }) startAt: Date;
  @Column('timestamptz', { name: 'end_at' }) endAt: Date;
  @Column('text') status: BookingStatus;
  @Column('text', { name: 'citizen_name' }) citizenName: string;
  @Column('text', { name: 'citizen_email' }) citizenEmail: string;
  /** While `held`: when the hold lapses unless confirmed. */
  @Column('timestamptz', { name: 'held_until', nullable: true }) heldUntil: Date | null;
  /** Set when the booking is a waiting-list offer. */
  @Column('uuid', { name: 'waiting_entry_id', nullable: true }) waitingEntryId: string | null;
  /** Cancelled with a reopen delay: until then the time goes to the waiting list only, not first-come. */
  @Column('timestamptz', { name: 'reopens_at', nullable: true }) reopensAt: Date | null;
  /** Counts changes of time or status; the calendar file's SEQUENCE. */
  @Column('int') revision: number;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt: Date;
}
