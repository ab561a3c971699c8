import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ schema: 'appointments', name: 'office' })
export class OfficeEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('text') tenant: string;
  @Column('text') name: string;
  @Column('text') street: string;
  @Column('text', { name: 'postal_code' }) postalCode: string;
  @Column('text') city: string;
  @Column('text', { name: 'time_zone' }) timeZone: string;
  @Column('int', { name: 'slot_grid_minutes' }) slotGridMinutes: number;
  @Column('text', { nullable: true }) phone: string | null;
  @Column('text', { nullable: true }) email: string | null;
  @Column('text', { nullable: true }) accessibility: string | null;
  @Column('text', { nullable: true }) directions: string | null;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
  /** Set when a tenant admin deletes the office: gone from lists, slots and bookings; past bookings still name it. */
  @Column('timestamptz', { name: 'deleted_at', nullable: true }) deletedAt: Date | null;
}

/** One stretch of a weekday the office is open; intervals of a day never overlap (exclusion constraint). */
@Entity({ schema: 'appointments', name: 'opening_interval' })
export class OpeningIntervalEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('text') tenant: string;
  @Column('uuid', { name: 'office_id' }) officeId: string;
  /** ISO weekday, 1 = Monday. */
  @Column('smallint') weekday: number;
  /** Local wall-clock time, `HH:MM:SS`. */
  @Column('time') opens: string;
  @Column('time') closes: string;
}

/** Days an office (or, without office, every office of the tenant) is closed, first and last day included. */
@Entity({ schema: 'appointments', name: 'closure' })
export class ClosureEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('text') tenant: string;
  @Column('uuid', { name: 'office_id', nullable: true }) officeId: string | null;
  @Column('date', { name: 'first_day' }) firstDay: string;
  @Column('date', { name: 'last_day' }) lastDay: string;
  @Column('text') reason: string;
}

/** A counter serves one citizen at a time: an office's capacity is its number of counters. */
@Entity({ schema: 'appointments', name: 'counter' })
export class CounterEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('text') tenant: string;
  @Column('uuid', { name: 'office_id' }) officeId: string;
  @Column('text') name: string;
  /** Which counter goes first when there are fewer: the last position. Null for counters made outside the API. */
  @Column('int', { nullable: true }) position: number | null;
  /** Set when the office has fewer counters: no new bookings; past ones keep pointing here. */
  @Column('timestamptz', { name: 'retired_at', nullable: true }) retiredAt: Date | null;
}

/** What a citizen can book, and how long it takes (a multiple of the offices' slot grid). */
@Entity({ schema: 'appointments', name: 'service' })
export class ServiceEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('text') tenant: string;
  @Column('text') name: string;
  @Column('int', { name: 'duration_minutes' }) durationMinutes: number;
  @Column('text', { nullable: true }) description: string | null;
  /** What the citizen brings along. */
  @Column('text', { array: true }) documents: string[];
  @Column('int', { name: 'fee_amount_cents', nullable: true }) feeAmountCents: number | null;
  @Column('text', { name: 'fee_note', nullable: true }) feeNote: string | null;
  /** Set when a tenant admin deletes the service: no longer offered; past bookings still name it. */
  @Column('timestamptz', { name: 'deleted_at', nullable: true }) deletedAt: Date | null;
}

/** An office that offers a service; a service is bookable only at its offices. */
@Entity({ schema: 'appointments', name: 'service_office' })
export class ServiceOfficeEntity {
  @Column('text') tenant: string;
  @PrimaryColumn('uuid', { name: 'service_id' }) serviceId: string;
  @PrimaryColumn('uuid', { name: 'office_id' }) officeId: string;
}
