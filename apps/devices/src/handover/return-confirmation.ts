import { Injectable } from '@nestjs/common';
import { HandoverRequestedV1 } from '@amtsweg/contracts';
import { Outbox } from '@amtsweg/eventing';
import { DomainError, newId, PgError, sqlState } from '@amtsweg/platform';
import type { EntityManager } from 'typeorm';
import { UserDirectory } from '../directory/user-directory';
import { DEVICE_TYPE_NAMES, type Device } from '../inventory/device';
import { DeviceEvents } from '../inventory/device-events';
import { DeviceRepository } from '../inventory/device.repository';
import { DeviceReturnRepository, type DeviceReturn } from './device-return.repository';

/**
 * The return saga, the handover's mirror: an it-admin takes a handed-over device back and
 * confirms it was wiped; signatures has them sign the return protocol (a `handover requested`
 * with `kind: 'return'`); the signed protocol makes the device returned, and its history names
 * the signed confirmation. A refused or expired protocol leaves it handed over, with the reason
 * on the return. Runs inside the caller's transaction.
 */
@Injectable()
export class ReturnConfirmation {
  constructor(
    private readonly returns: DeviceReturnRepository,
    private readonly devices: DeviceRepository,
    private readonly directory: UserDirectory,
    private readonly deviceEvents: DeviceEvents,
    private readonly outbox: Outbox,
  ) {}

  /** Asks `itAdminId` to sign the return protocol of `device` (locked by the caller, handed over). */
  async request(manager: EntityManager, device: Device, itAdminId: string, reason: string | null, now: Date): Promise<DeviceReturn> {
    const signer = await this.directory.find(device.tenant, itAdminId, manager);
    if (!signer)
      throw DomainError.unprocessable(
        'RETURN.SIGNER_UNKNOWN',
        'Sie stehen nicht im Verzeichnis und können das Rückgabeprotokoll nicht unterschreiben.',
      );
    // Handed over means held: the table's CHECK ties the status to a holder.
    const holderId = device.holderId as string;
    const value: DeviceReturn = {
      id: newId(),
      tenant: device.tenant,
      deviceId: device.id,
      previousHolderId: holderId,
      requestedBy: itAdminId,
      reason,
      status: 'pending',
      failure: null,
      createdAt: now,
      decidedAt: null,
    };
    const pending = DomainError.conflict('RETURN.PENDING', 'Für dieses Gerät wartet schon ein Rückgabeprotokoll auf die Unterschrift.');
    const latest = await this.returns.latest(manager, device.tenant, device.id);
    if (latest?.status === 'pending') throw pending;
    try {
      await this.returns.insert(manager, value);
    } catch (error) {
      // Two returns of one device at once: the partial unique index lets one through.
      if (sqlState(error) === PgError.uniqueViolation) throw pending;
      throw error;
    }
    const event = Object.assign(new HandoverRequestedV1(), {
      handoverId: value.id,
      kind: 'return' as const,
      // By user id only: signatures names both on the protocol from its own directory.
      employee: { userId: signer.userId },
      returnedBy: { userId: holderId },
      requestedBy: itAdminId,
      devices: [
        {
          deviceId: device.id,
          type: device.type,
          model: device.model,
          serial: device.serial,
          ...(device.assetTag ? { assetTag: device.assetTag } : {}),
        },
      ],
      kitLabel: `Rückgabe: ${DEVICE_TYPE_NAMES[device.type]} ${device.serial}`.slice(0, 200),
    });
    await this.outbox.append(manager, HandoverRequestedV1, event, { subject: value.id, tenantId: device.tenant });
    return value;
  }

  /** The protocol is signed: the device is returned. False when `returnId` is no return of ours. */
  async signed(manager: EntityManager, tenant: string, returnId: string, signerId: string, now: Date): Promise<boolean> {
    const pending = await this.returns.find(manager, tenant, returnId, { forUpdate: true });
    if (!pending) return false;
    if (pending.status !== 'pending') return true;
    const device = await this.devices.find(manager, tenant, pending.deviceId, { forUpdate: true });
    if (device?.status === 'handed_over') {
      const changed = await this.devices.changeStatus(manager, device, {
        to: 'returned',
        actor: signerId,
        reason: pending.reason ?? 'Rückgabe, Löschung unterschrieben',
        at: now,
        holderId: null,
        details: { wiped: true, returnedBy: pending.previousHolderId, returnConfirmationId: pending.id, signedBy: signerId },
      });
      await this.deviceEvents.returned(manager, changed, signerId, pending.previousHolderId);
    }
    await this.returns.decide(manager, pending.id, { status: 'signed', failure: null, at: now });
    return true;
  }

  /** The protocol was refused or expired: the device stays handed over. False when not ours. */
  async refused(manager: EntityManager, tenant: string, returnId: string, failure: string, now: Date): Promise<boolean> {
    const pending = await this.returns.find(manager, tenant, returnId, { forUpdate: true });
    if (!pending) return false;
    if (pending.status === 'pending') await this.returns.decide(manager, pending.id, { status: 'refused', failure, at: now });
    return true;
  }
}
