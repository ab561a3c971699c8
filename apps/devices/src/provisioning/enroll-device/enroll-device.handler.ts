import { Inject, Injectable } from '@nestjs/common';
import { DomainError, Clock } from '@amtsweg/platform';
import type { DataSource } from 'typeorm';
import { DEVICES_DATA_SOURCE } from '../../devices.database';
import { KitHandover } from '../../handover/kit-handover';
import type { Device } from '../../inventory/device';
import { DeviceRepository } from '../../inventory/device.repository';
import { EnrollmentToken } from '../enrollment-token';
import { ProvisioningProfiles, type ProvisioningProfile } from '../provisioning-profile';

/**
 * A device enrolls with its one-time token: it gets its configuration once and becomes ready. A
 * used or expired token is gone (410). When the whole kit is ready, its handover is requested.
 */
@Injectable()
export class EnrollDeviceHandler {
  constructor(
    @Inject(DEVICES_DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly devices: DeviceRepository,
    private readonly profiles: ProvisioningProfiles,
    private readonly handover: KitHandover,
    private readonly clock: Clock,
  ) {}

  async execute(token: string): Promise<{ device: Device; profile: ProvisioningProfile }> {
    const notFound = DomainError.notFound('ENROLLMENT.NOT_FOUND', 'Diesen Einrichtungslink gibt es nicht.');
    if (!EnrollmentToken.PATTERN.test(token)) throw notFound;
    const sha256 = EnrollmentToken.sha256(token);
    return this.dataSource.transaction(async (manager) => {
      const now = this.clock.now();
      // Only one caller can use a token: the row is claimed by the UPDATE, not by a read before it.
      const claimed = (await manager.query(
        `UPDATE devices.enrollment_token SET used_at = $2 WHERE token_sha256 = $1 AND used_at IS NULL AND expires_at > $2 RETURNING tenant, device_id`,
        [sha256, now],
      )) as [Array<{ tenant: string; device_id: string }>, number];
      const row = claimed[0][0];
      if (!row) {
        const [known] = (await manager.query(`SELECT 1 FROM devices.enrollment_token WHERE token_sha256 = $1`, [sha256])) as unknown[];
        if (!known) throw notFound;
        throw new DomainError(410, 'ENROLLMENT.GONE', 'Dieser Einrichtungslink wurde schon benutzt oder ist abgelaufen.');
      }
      const device = await this.devices.find(manager, row.tenant, row.device_id, { forUpdate: true });
      if (!device || device.status !== 'provisioning')
        throw new DomainError(410, 'ENROLLMENT.GONE', 'Dieses Gerät wird nicht mehr eingerichtet.');
      const [{ profile_id: profileId, request_id: requestId }] = (await manager.query(
        `SELECT profile_id, request_id FROM devices.device WHERE id = $1`,
        [device.id],
      )) as Array<{
        profile_id: string;
        request_id: string | null;
      }>;
      const profile = await this.profiles.find(manager, row.tenant, profileId);
      if (!profile) throw new DomainError(410, 'ENROLLMENT.GONE', 'Das Profil dieses Geräts gibt es nicht mehr.');
      const ready = await this.devices.changeStatus(manager, device, {
        to: 'ready',
        actor: `device:${device.id}`,
        reason: 'Gerät eingerichtet',
        at: now,
        holderId: null,
      });
      if (requestId) await this.handover.requestIfReady(manager, row.tenant, requestId, now);
      return { device: ready, profile };
    });
  }
}
