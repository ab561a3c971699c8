import { Clock } from '@amtsweg/platform';
import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { DEVICES_DATA_SOURCE } from '../../devices.database';
import { DEVICE_STATUSES, type DeviceStatus } from '../../inventory/device';
import { REQUEST_STATUSES, type RequestStatus } from '../../request/device-request';

export interface RolloutWeek {
  /** ISO week, `2026-W49` (Europe/Berlin). */
  week: string;
  requestsSubmitted: number;
  devicesHandedOver: number;
  devicesReturned: number;
}

export interface Rollout {
  devicesByStatus: Record<DeviceStatus, number>;
  requestsByStatus: Record<RequestStatus, number>;
  weeks: RolloutWeek[];
}

/** Where a tenant's rollout stands: devices per status, requests per state, and the last weeks' pace. */
@Injectable()
export class ViewRolloutHandler {
  constructor(
    @Inject(DEVICES_DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  async execute(tenant: string, weeks: number): Promise<Rollout> {
    const since = new Date(this.clock.now().getTime() - weeks * 7 * 86_400_000);
    return this.dataSource.transaction(async (manager) => {
      const devices = (await manager.query(`SELECT status, count(*)::int AS n FROM devices.device WHERE tenant = $1 GROUP BY status`, [
        tenant,
      ])) as Array<{ status: DeviceStatus; n: number }>;
      const requests = (await manager.query(
        `SELECT status, count(*)::int AS n FROM devices.device_request WHERE tenant = $1 GROUP BY status`,
        [tenant],
      )) as Array<{ status: RequestStatus; n: number }>;
      const week = (column: string) => `to_char(${column} AT TIME ZONE 'Europe/Berlin', 'IYYY-"W"IW')`;
      const perWeek = (await manager.query(
        `SELECT week, sum(submitted)::int AS submitted, sum(handed_over)::int AS handed_over, sum(returned)::int AS returned FROM (
           SELECT ${week('created_at')} AS week, 1 AS submitted, 0 AS handed_over, 0 AS returned FROM devices.device_request WHERE tenant = $1 AND created_at >= $2
           UNION ALL
           SELECT ${week('at')}, 0, CASE WHEN to_status = 'handed_over' THEN 1 ELSE 0 END, CASE WHEN to_status = 'returned' THEN 1 ELSE 0 END
             FROM devices.device_history WHERE tenant = $1 AND at >= $2 AND to_status IN ('handed_over', 'returned')
         ) AS events GROUP BY week ORDER BY week`,
        [tenant, since],
      )) as Array<{ week: string; submitted: number; handed_over: number; returned: number }>;
      return {
        devicesByStatus: Object.fromEntries(DEVICE_STATUSES.map((s) => [s, devices.find((d) => d.status === s)?.n ?? 0])) as Record<
          DeviceStatus,
          number
        >,
        requestsByStatus: Object.fromEntries(REQUEST_STATUSES.map((s) => [s, requests.find((r) => r.status === s)?.n ?? 0])) as Record<
          RequestStatus,
          number
        >,
        weeks: perWeek.map((w) => ({
          week: w.week,
          requestsSubmitted: Number(w.submitted),
          devicesHandedOver: Number(w.handed_over),
          devicesReturned: Number(w.returned),
        })),
      };
    });
  }
}
