import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Booking, BookingStatus } from './booking';

/**
 * How a Booking (booking.ts, which says what each field means) is stored. No two occupying
 * bookings of a counter overlap: an exclusion constraint says so, not code.
 */
@Entity({ schema: 'appointments', name: 'booking' })
export class BookingEntity implements Booking {
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
  @Column('timestamptz', { name: 'held_until', nullable: true }) heldUntil: Date | null;
  @Column('uuid', { name: 'waiting_entry_id', nullable: true }) waitingEntryId: string | null;
  @Column('timestamptz', { name: 'reopens_at', nullable: true }) reopensAt: Date | null;
  @Column('int') revision: number;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt: Date;
}
