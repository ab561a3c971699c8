import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { STATED_REQUEST_COLUMNS, statedRequestOf, statedRequestValues, type StatedRequestRow } from '../preferences/stated-request-row';
import type { HeldBackRange } from './held-back';
import type { Release, ReleaseRequest, ReleaseRequestStatus } from './release';

interface ReleaseRow {
  id: string;
  tenant: string;
  service_id: string;
  office_ids: string[];
  slots_from: Date;
  slots_to: Date;
  requests_until: Date;
  seed: string;
  seed_sha256: string;
  status: Release['status'];
  slots_drawn: number | null;
  created_at: Date;
  drawn_at: Date | null;
}

interface RequestRow extends StatedRequestRow {
  id: string;
  tenant: string;
  release_id: string;
  status: ReleaseRequestStatus;
  booking_id: string | null;
  created_at: Date;
}

const RELEASE_COLUMNS =
  'id, tenant, service_id, office_ids, slots_from, slots_to, requests_until, seed, seed_sha256, status, slots_drawn, created_at, drawn_at';
const REQUEST_COLUMNS = `id, tenant, release_id, ${STATED_REQUEST_COLUMNS}, status, booking_id, created_at`;

/** Releases and their requests. Every statement names the schema (the embedded database has no search_path). */
@Injectable()
export class ReleaseRepository {
  async insert(manager: EntityManager, release: Release): Promise<void> {
    await manager.query(
      `INSERT INTO appointments.release (${RELEASE_COLUMNS}) VALUES ($1, $2, $3, $4::uuid[], $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
      [
        release.id,
        release.tenant,
        release.serviceId,
        release.officeIds,
        release.slotsFrom,
        release.slotsTo,
        release.requestsUntil,
        release.seed,
        release.seedSha256,
        release.status,
        release.slotsDrawn,
        release.createdAt,
        release.drawnAt,
      ],
    );
  }

  async find(manager: EntityManager, tenant: string, id: string): Promise<Release | undefined> {
    const rows = (await manager.query(`SELECT ${RELEASE_COLUMNS} FROM appointments.release WHERE tenant = $1 AND id = $2`, [
      tenant,
      id,
    ])) as ReleaseRow[];
    return rows[0] ? toRelease(rows[0]) : undefined;
  }

  /** Releases still collecting, and those drawn in the last 30 days, by release moment. */
  async listRecent(manager: EntityManager, tenant: string, now: Date): Promise<Release[]> {
    const rows = (await manager.query(
      `SELECT ${RELEASE_COLUMNS} FROM appointments.release
        WHERE tenant = $1 AND (status = 'collecting' OR drawn_at > $2::timestamptz - interval '30 days')
        ORDER BY requests_until, id LIMIT 100`,
      [tenant, now],
    )) as ReleaseRow[];
    return rows.map(toRelease);
  }

  /** Time ranges of an office held back for a draw that has not happened yet, overlapping [from, to). */
  async heldBack(manager: EntityManager, tenant: string, officeId: string, from: Date, to: Date): Promise<HeldBackRange[]> {
    const rows = (await manager.query(
      `SELECT slots_from, slots_to FROM appointments.release
        WHERE tenant = $1 AND status = 'collecting' AND $2::uuid = ANY(office_ids) AND slots_from < $4 AND slots_to > $3`,
      [tenant, officeId, from, to],
    )) as Array<{ slots_from: Date; slots_to: Date }>;
    return rows.map((row) => ({ from: new Date(row.slots_from).getTime(), to: new Date(row.slots_to).getTime() }));
  }

  /**
   * One release due for its draw, locked; `SKIP LOCKED` lets several instances share the work. Not
   * one of a suspended tenant: the draw would mail its citizens; it is drawn after the reactivation.
   */
  async claimDue(manager: EntityManager, now: Date): Promise<Release | undefined> {
    const rows = (await manager.query(
      `SELECT ${RELEASE_COLUMNS} FROM appointments.release WHERE status = 'collecting' AND requests_until <= $1
          AND NOT EXISTS (SELECT 1 FROM appointments.tenant t WHERE t.slug = release.tenant AND t.suspended)
        ORDER BY requests_until, id LIMIT 1 FOR UPDATE SKIP LOCKED`,
      [now],
    )) as ReleaseRow[];
    return rows[0] ? toRelease(rows[0]) : undefined;
  }

  async markDrawn(manager: EntityManager, id: string, slotsDrawn: number, now: Date): Promise<void> {
    await manager.query(`UPDATE appointments.release SET status = 'drawn', slots_drawn = $2, drawn_at = $3 WHERE id = $1`, [
      id,
      slotsDrawn,
      now,
    ]);
  }

  async insertRequest(manager: EntityManager, request: ReleaseRequest): Promise<void> {
    await manager.query(
      `INSERT INTO appointments.release_request (${REQUEST_COLUMNS.replace(/::text/g, '')})
       VALUES ($1, $2, $3, $4::uuid[], $5::smallint[], $6::time, $7::time, $8, $9, $10, $11, $12, $13)`,
      [
        request.id,
        request.tenant,
        request.releaseId,
        ...statedRequestValues(request),
        request.status,
        request.bookingId,
        request.createdAt,
      ],
    );
  }

  async findRequest(manager: EntityManager, tenant: string, releaseId: string, id: string): Promise<ReleaseRequest | undefined> {
    const rows = (await manager.query(
      `SELECT ${REQUEST_COLUMNS} FROM appointments.release_request WHERE tenant = $1 AND release_id = $2 AND id = $3`,
      [tenant, releaseId, id],
    )) as RequestRow[];
    return rows[0] ? toRequest(rows[0]) : undefined;
  }

  async requestsOf(manager: EntityManager, releaseId: string): Promise<ReleaseRequest[]> {
    const rows = (await manager.query(`SELECT ${REQUEST_COLUMNS} FROM appointments.release_request WHERE release_id = $1 ORDER BY id`, [
      releaseId,
    ])) as RequestRow[];
    return rows.map(toRequest);
  }

  async settleRequest(manager: EntityManager, id: string, status: ReleaseRequestStatus, bookingId: string | null): Promise<void> {
    await manager.query('UPDATE appointments.release_request SET status = $2, booking_id = $3 WHERE id = $1', [id, status, bookingId]);
  }
}

function toRelease(row: ReleaseRow): Release {
  return {
    id: row.id,
    tenant: row.tenant,
    serviceId: row.service_id,
    officeIds: row.office_ids,
    slotsFrom: new Date(row.slots_from),
    slotsTo: new Date(row.slots_to),
    requestsUntil: new Date(row.requests_until),
    seed: row.seed,
    seedSha256: row.seed_sha256,
    status: row.status,
    slotsDrawn: row.slots_drawn === null ? null : Number(row.slots_drawn),
    createdAt: new Date(row.created_at),
    drawnAt: row.drawn_at ? new Date(row.drawn_at) : null,
  };
}

function toRequest(row: RequestRow): ReleaseRequest {
  return {
    id: row.id,
    tenant: row.tenant,
    releaseId: row.release_id,
    ...statedRequestOf(row),
    status: row.status,
    bookingId: row.booking_id,
    createdAt: new Date(row.created_at),
  };
}
