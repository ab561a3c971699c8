import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { OCCUPYING_STATUSES } from './booking';
import { BookingEntity } from './booking.entity';
import { emailKey } from './email-limit';
import type { CounterOccupancy } from '../slots/free-slots';

/** Every statement names the schema: the embedded database has no per-service search_path. */
@Injectable()
export class BookingRepository {
  /**
   * Serialises bookings of one e-mail address in one tenant until the transaction ends, so that two
   * requests cannot both count below the limit and both insert.
   */
  async lockEmail(manager: EntityManager, tenant: string, email: string): Promise<void> {
    await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`appointments:booking-email:${tenant}:${emailKey(email)}`]);
  }

  async countActiveFutureByEmail(manager: EntityManager, tenant: string, email: string, now: Date): Promise<number> {
    const [row] = (await manager.query(
      `SELECT count(*)::int AS n FROM appointments.booking
        WHERE tenant = $1 AND lower(citizen_email) = $2 AND status = ANY($3::text[]) AND start_at > $4`,
      [tenant, emailKey(email), OCCUPYING_STATUSES, now],
    )) as Array<{ n: number }>;
    return Number(row.n);
  }

  /**
   * A counter of the office with no occupying booking overlapping [start, end), or undefined.
   * Random among the free ones, so that concurrent requests spread over the counters. Only a
   * proposal: the exclusion constraint decides when two requests pick the same counter. With
   * `firstComeAt`, a cancelled booking still inside its reopen delay keeps its counter time too
   * (that check is the application's: the constraint cannot know the time).
   */
  async pickFreeCounter(
    manager: EntityManager,
    tenant: string,
    officeId: string,
    start: Date,
    end: Date,
    options: { movingBookingId?: string; firstComeAt?: Date } = {},
  ): Promise<string | undefined> {
    const rows = (await manager.query(
      `SELECT c.id FROM appointments.counter c
        WHERE c.tenant = $1 AND c.office_id = $2 AND c.retired_at IS NULL
          AND NOT EXISTS (
            SELECT 1 FROM appointments.booking b
             WHERE b.counter_id = c.id
               AND (b.status = ANY($5::text[]) OR (b.status = 'cancelled' AND b.reopens_at > $7::timestamptz))
               AND tstzrange(b.start_at, b.end_at) && tstzrange($3, $4)
               AND b.id IS DISTINCT FROM $6::uuid)
        ORDER BY random() LIMIT 1`,
      [tenant, officeId, start, end, OCCUPYING_STATUSES, options.movingBookingId ?? null, options.firstComeAt ?? null],
    )) as Array<{ id: string }>;
    return rows[0]?.id;
  }

  /** Counter time taken by occupying bookings that overlap [from, to); with `firstComeAt`, also by cancellations inside their reopen delay. */
  async occupancy(
    manager: EntityManager,
    tenant: string,
    officeId: string,
    from: Date,
    to: Date,
    firstComeAt?: Date,
  ): Promise<CounterOccupancy[]> {
    const rows = (await manager.query(
      `SELECT counter_id, start_at, end_at FROM appointments.booking
        WHERE tenant = $1 AND office_id = $2 AND (status = ANY($3::text[]) OR (status = 'cancelled' AND reopens_at > $6::timestamptz))
          AND start_at < $5 AND start_at >= $4::timestamptz - interval '1 day' AND end_at > $4`,
      [tenant, officeId, OCCUPYING_STATUSES, from, to, firstComeAt ?? null],
    )) as Array<{ counter_id: string; start_at: Date; end_at: Date }>;
    return rows.map((row) => ({ counterId: row.counter_id, start: new Date(row.start_at).getTime(), end: new Date(row.end_at).getTime() }));
  }

  async insert(manager: EntityManager, booking: BookingEntity): Promise<void> {
    await manager.insert(BookingEntity, booking);
  }

  async update(manager: EntityManager, booking: BookingEntity): Promise<void> {
    const { id, tenant, ...changes } = booking;
    await manager.update(BookingEntity, { id, tenant }, changes);
  }

  /** Holds past their time, locked; `SKIP LOCKED` lets several instances share the work and passes over a hold being confirmed. */
  async claimLapsedHolds(manager: EntityManager, now: Date, limit: number): Promise<BookingEntity[]> {
    return manager
      .createQueryBuilder(BookingEntity, 'b')
      .where("b.status = 'held' AND b.heldUntil <= :now", { now })
      .orderBy('b.heldUntil', 'ASC')
      .limit(limit)
      .setLock('pessimistic_write')
      .setOnLocked('skip_locked')
      .getMany();
  }

  /** With `forUpdate`, holds the row until the transaction ends: changes of one booking go one at a time. */
  async findByReference(
    manager: EntityManager,
    tenant: string,
    reference: string,
    options: { forUpdate?: boolean } = {},
  ): Promise<BookingEntity | undefined> {
    const booking = await manager.findOne(BookingEntity, {
      where: { tenant, reference },
      ...(options.forUpdate ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    return booking ?? undefined;
  }

  /** An office's bookings starting in [from, to), every status, by start; keyset-paged after (start, id). */
  async dayList(
    manager: EntityManager,
    query: { tenant: string; officeId: string; from: Date; to: Date; after?: { start: Date; id: string }; limit: number },
  ): Promise<BookingEntity[]> {
    const select = manager
      .createQueryBuilder(BookingEntity, 'b')
      .where('b.tenant = :tenant AND b.officeId = :officeId AND b.startAt >= :from AND b.startAt < :to', query)
      .orderBy('b.startAt', 'ASC')
      .addOrderBy('b.id', 'ASC')
      .limit(query.limit);
    if (query.after)
      select.andWhere('(b.startAt, b.id) > (:afterStart, :afterId)', { afterStart: query.after.start, afterId: query.after.id });
    return select.getMany();
  }
}
