import { setImmediate as nextTurn } from 'node:timers/promises';
import { Inject, Injectable } from '@nestjs/common';
import { DomainError, newId, PgError, PlatformConfig, sqlState, type Principal, Clock } from '@amtsweg/platform';
import type { DataSource, EntityManager } from 'typeorm';
import { DEVICES_DATA_SOURCE } from '../../devices.database';
import type { Device } from '../../inventory/device';
import { DeviceEvents } from '../../inventory/device-events';
import { DeviceRepository } from '../../inventory/device.repository';
import { enrollmentQrSvg } from '../enrollment-qr';
import { EnrollmentToken } from '../enrollment-token';
import { ProvisioningBatches, type BatchFailure, type ProvisioningBatch } from '../provisioning-batch';
import { ProvisioningProfiles, type ProvisioningProfile } from '../provisioning-profile';

export interface ProvisionedDevice {
  deviceId: string;
  enrollmentUrl: string;
  /** The enrollment URL as a QR code (SVG). */
  enrollmentQrSvg: string;
  expiresAt: Date;
}

export interface ProvisionDevicesCommand {
  profileId: string;
  deviceIds: string[];
  expiresInHours?: number;
  /** Chosen by the caller to watch the progress while the call runs; else a new one. */
  batchId?: string;
}

export interface ProvisioningOutcome {
  batch: ProvisioningBatch;
  items: ProvisionedDevice[];
}

const DEFAULT_EXPIRY_HOURS = 168;
/** Devices per transaction: small enough that progress moves visibly and locks are held briefly. */
export const PROVISIONING_CHUNK_SIZE = 25;

/**
 * Bulk provisioning: N reserved devices get one profile and each a one-time enrollment token; they
 * move to provisioning and become ready when they enroll. The call is checked up front (every
 * device known and reserved, else nothing happens), then runs as a batch in chunks, each its own
 * transaction that also counts its progress on the batch row. A device another admin took
 * meanwhile fails alone, with its reason on the batch. Tokens are shown only in this answer.
 */
@Injectable()
export class ProvisionDevicesHandler {
  constructor(
    @Inject(DEVICES_DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly devices: DeviceRepository,
    private readonly profiles: ProvisioningProfiles,
    private readonly batches: ProvisioningBatches,
    private readonly events: DeviceEvents,
    private readonly config: PlatformConfig,
    private readonly clock: Clock,
  ) {}

  async execute(principal: Principal, command: ProvisionDevicesCommand): Promise<ProvisioningOutcome> {
    const batchId = command.batchId ?? newId();
    const profile = await this.start(principal, command, batchId);
    const expiresAt = new Date(this.clock.now().getTime() + (command.expiresInHours ?? DEFAULT_EXPIRY_HOURS) * 3_600_000);
    const issued: Array<{ deviceId: string; enrollmentUrl: string }> = [];
    try {
      for (let offset = 0; offset < command.deviceIds.length; offset += PROVISIONING_CHUNK_SIZE) {
        const chunk = command.deviceIds.slice(offset, offset + PROVISIONING_CHUNK_SIZE);
        issued.push(
          ...(await this.dataSource.transaction((manager) => this.provisionChunk(manager, principal, profile, batchId, chunk, expiresAt))),
        );
        // Embedded PGlite answers without ever returning to the event loop: let a progress read in.
        await nextTurn();
      }
      await this.dataSource.transaction((manager) => this.batches.end(manager, batchId, 'finished', this.clock.now()));
    } catch (error) {
      // The chunks committed so far stay provisioned; the batch shows it did not get to the end.
      await this.dataSource
        .transaction((manager) => this.batches.end(manager, batchId, 'aborted', this.clock.now()))
        .catch(() => undefined);
      throw error;
    }
    const items = await Promise.all(
      issued.map(async (item) => ({ ...item, enrollmentQrSvg: await enrollmentQrSvg(item.enrollmentUrl), expiresAt })),
    );
    const batch = await this.batches.find(this.dataSource.manager, principal.tenant, batchId);
    return { batch: batch!, items };
  }

  /** Checks the whole call and records the batch; nothing is provisioned if a device is unknown or not reserved. */
  private start(principal: Principal, command: ProvisionDevicesCommand, batchId: string): Promise<ProvisioningProfile> {
    return this.dataSource
      .transaction(async (manager) => {
        const profile = await this.profiles.find(manager, principal.tenant, command.profileId);
        if (!profile)
          throw DomainError.unprocessable('PROFILE.NOT_FOUND', 'Dieses Profil gibt es nicht.', [
            { field: 'profileId', message: 'unbekanntes Profil' },
          ]);
        const devices = await this.devices.findManyForUpdate(manager, principal.tenant, command.deviceIds);
        if (devices.length !== command.deviceIds.length)
          throw DomainError.unprocessable('DEVICE.NOT_FOUND', 'Mindestens eines der Geräte gibt es nicht.', [
            { field: 'deviceIds', message: 'unbekanntes Gerät' },
          ]);
        const notReserved = devices.filter((device) => device.status !== 'reserved');
        if (notReserved.length > 0) {
          throw DomainError.conflict(
            'DEVICE.TRANSITION_NOT_ALLOWED',
            `Nur reservierte Geräte können eingerichtet werden; nicht reserviert: ${notReserved.map((d) => d.serial).join(', ')}.`,
          );
        }
        const batch: ProvisioningBatch = {
          id: batchId,
          tenant: principal.tenant,
          profileId: profile.id,
          status: 'running',
          total: command.deviceIds.length,
          provisioned: 0,
          failed: 0,
          failures: [],
          createdBy: principal.userId,
          createdAt: this.clock.now(),
          finishedAt: null,
        };
        await this.batches.insert(manager, batch);
        return profile;
      })
      .catch((error: unknown) => {
        if (sqlState(error) === PgError.uniqueViolation)
          throw DomainError.conflict('PROVISIONING.BATCH_EXISTS', 'Diese Einrichtungs-ID wurde schon verwendet.');
        throw error;
      });
  }

  private async provisionChunk(
    manager: EntityManager,
    principal: Principal,
    profile: ProvisioningProfile,
    batchId: string,
    deviceIds: string[],
    expiresAt: Date,
  ): Promise<Array<{ deviceId: string; enrollmentUrl: string }>> {
    const now = this.clock.now();
    const devices = new Map(
      (await this.devices.findManyForUpdate(manager, principal.tenant, deviceIds)).map((device) => [device.id, device]),
    );
    const issued: Array<{ deviceId: string; enrollmentUrl: string }> = [];
    const failures: BatchFailure[] = [];
    for (const id of deviceIds) {
      const device = devices.get(id);
      if (!device || device.status !== 'reserved') {
        failures.push({ deviceId: id, reason: `Das Gerät ist nicht mehr reserviert (Status „${device?.status ?? 'unbekannt'}“).` });
        continue;
      }
      const token = await this.provisionOne(manager, principal, profile, device, expiresAt, now);
      issued.push({ deviceId: id, enrollmentUrl: `${this.config.publicUrl}/api/v1/enroll/${token}` });
    }
    await this.batches.addProgress(manager, batchId, issued.length, failures);
    return issued;
  }

  /** Binds the profile, stores the token's hash, announces the device; answers the token itself. */
  private async provisionOne(
    manager: EntityManager,
    principal: Principal,
    profile: ProvisioningProfile,
    device: Device,
    expiresAt: Date,
    now: Date,
  ): Promise<string> {
    const { token, sha256 } = EnrollmentToken.issue();
    const changed = await this.devices.changeStatus(manager, device, {
      to: 'provisioning',
      actor: principal.userId,
      reason: `Profil ${profile.name}`,
      at: now,
      holderId: null,
      details: { profileId: profile.id },
    });
    const [[{ request_id: requestId }]] = (await manager.query(
      `UPDATE devices.device SET profile_id = $2 WHERE id = $1 RETURNING request_id`,
      [device.id, profile.id],
    )) as [Array<{ request_id: string | null }>, number];
    await manager.query(
      `INSERT INTO devices.enrollment_token (id, tenant, device_id, token_sha256, expires_at, used_at, created_at) VALUES ($1, $2, $3, $4, $5, NULL, $6)`,
      [newId(), device.tenant, device.id, sha256, expiresAt, now],
    );
    await this.events.provisioned(manager, changed, principal.userId, { profileId: profile.id, requestId, enrollmentExpiresAt: expiresAt });
    return token;
  }
}
