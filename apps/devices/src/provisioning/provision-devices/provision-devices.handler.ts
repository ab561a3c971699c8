import { Inject, Injectable } from '@nestjs/common';
import { DomainError, newId, PlatformConfig, type Principal } from '@amtsweg/platform';
import type { DataSource } from 'typeorm';
import { Clock } from '../../clock';
import { DEVICES_DATA_SOURCE } from '../../devices.database';
import { DeviceEvents } from '../../inventory/device-events';
import { DeviceRepository } from '../../inventory/device.repository';
import { EnrollmentToken } from '../enrollment-token';
import { ProvisioningProfiles } from '../provisioning-profile';

export interface ProvisionedDevice {
  deviceId: string;
  enrollmentUrl: string;
  expiresAt: Date;
}

const DEFAULT_EXPIRY_HOURS = 168;

/**
 * Bulk provisioning: N reserved devices get one profile and each a one-time enrollment token; they
 * move to provisioning and become ready when they enroll. All of them or none.
 */
@Injectable()
export class ProvisionDevicesHandler {
  constructor(
    @Inject(DEVICES_DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly devices: DeviceRepository,
    private readonly profiles: ProvisioningProfiles,
    private readonly events: DeviceEvents,
    private readonly config: PlatformConfig,
    private readonly clock: Clock,
  ) {}

  async execute(principal: Principal, command: { profileId: string; deviceIds: string[]; expiresInHours?: number }): Promise<ProvisionedDevice[]> {
    return this.dataSource.transaction(async (manager) => {
      const profile = await this.profiles.find(manager, principal.tenant, command.profileId);
      if (!profile) throw DomainError.unprocessable('PROFILE.NOT_FOUND', 'Dieses Profil gibt es nicht.', [{ field: 'profileId', message: 'unbekanntes Profil' }]);
      const devices = await this.devices.findManyForUpdate(manager, principal.tenant, command.deviceIds);
      if (devices.length !== command.deviceIds.length) throw DomainError.unprocessable('DEVICE.NOT_FOUND', 'Mindestens eines der Geräte gibt es nicht.', [{ field: 'deviceIds', message: 'unbekanntes Gerät' }]);
      const notReserved = devices.filter((device) => device.status !== 'reserved');
      if (notReserved.length > 0) {
        throw DomainError.conflict('DEVICE.TRANSITION_NOT_ALLOWED', `Nur reservierte Geräte können eingerichtet werden; nicht reserviert: ${notReserved.map((d) => d.serial).join(', ')}.`);
      }
      const now = this.clock.now();
      const expiresAt = new Date(now.getTime() + (command.expiresInHours ?? DEFAULT_EXPIRY_HOURS) * 3_600_000);
      const provisioned: ProvisionedDevice[] = [];
      for (const device of devices) {
        const { token, sha256 } = EnrollmentToken.issue();
        const changed = await this.devices.changeStatus(manager, device, { to: 'provisioning', actor: principal.userId, reason: `Profil ${profile.name}`, at: now, holderId: null, details: { profileId: profile.id } });
        await manager.query(`UPDATE devices.device SET profile_id = $2 WHERE id = $1`, [device.id, profile.id]);
        await manager.query(`INSERT INTO devices.enrollment_token (id, tenant, device_id, token_sha256, expires_at, used_at, created_at) VALUES ($1, $2, $3, $4, $5, NULL, $6)`, [
          newId(),
          device.tenant,
          device.id,
          sha256,
          expiresAt,
          now,
        ]);
        const [{ request_id: requestId }] = (await manager.query(`SELECT request_id FROM devices.device WHERE id = $1`, [device.id])) as Array<{ request_id: string | null }>;
        await this.events.provisioned(manager, changed, principal.userId, { profileId: profile.id, requestId, enrollmentExpiresAt: expiresAt });
        provisioned.push({ deviceId: device.id, enrollmentUrl: `${this.config.publicUrl}/api/v1/enroll/${token}`, expiresAt });
      }
      return provisioned;
    });
  }
}
