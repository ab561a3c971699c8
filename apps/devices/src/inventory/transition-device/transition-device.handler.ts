import { Inject, Injectable } from '@nestjs/common';
import { DomainError, type Principal, Clock } from '@amtsweg/platform';
import type { DataSource } from 'typeorm';
import { DEVICES_DATA_SOURCE } from '../../devices.database';
import { ReturnConfirmation } from '../../handover/return-confirmation';
import { KitHandover } from '../../handover/kit-handover';
import { KitMembership } from '../../request/kit-membership';
import { canTransition, leavesKit, needsReason, type Device, type DeviceStatus } from '../device';
import { DeviceEvents } from '../device-events';
import { DeviceRepository } from '../device.repository';

export interface TransitionDeviceCommand {
  id: string;
  to: DeviceStatus;
  reason: string | null;
  wiped: boolean;
}

export interface TransitionOutcome {
  device: Device;
  /** Set for a return: the device stays handed over until the it-admin signed this return protocol. */
  returnConfirmationId?: string;
}

/**
 * An it-admin moves a device one step along its lifecycle. Handing over is not among the steps one
 * can take here: a device becomes handed over when the employee signed the kit's protocol. A return
 * only starts here: it is done when the it-admin signed the return protocol confirming the wipe.
 * Steps off the rollout path need a reason; back to stock from a kit takes the device out of it.
 */
@Injectable()
export class TransitionDeviceHandler {
  constructor(
    @Inject(DEVICES_DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly devices: DeviceRepository,
    private readonly events: DeviceEvents,
    private readonly returns: ReturnConfirmation,
    private readonly kit: KitMembership,
    private readonly handover: KitHandover,
    private readonly clock: Clock,
  ) {}

  async execute(principal: Principal, command: TransitionDeviceCommand): Promise<TransitionOutcome> {
    return this.dataSource.transaction(async (manager) => {
      const device = await this.devices.find(manager, principal.tenant, command.id, { forUpdate: true });
      if (!device) throw DomainError.notFound('DEVICE.NOT_FOUND', 'Dieses Gerät gibt es nicht.');
      if (!canTransition(device.status, command.to)) {
        throw DomainError.conflict(
          'DEVICE.TRANSITION_NOT_ALLOWED',
          `Ein Gerät im Status „${device.status}“ kann nicht in „${command.to}“ wechseln.`,
        );
      }
      if (command.to === 'handed_over') {
        throw DomainError.conflict(
          'DEVICE.HANDOVER_NEEDS_SIGNATURE',
          'Geräte werden übergeben, wenn die Mitarbeiterin oder der Mitarbeiter das Übergabeprotokoll unterschrieben hat.',
        );
      }
      if (command.to === 'returned' && !command.wiped) {
        throw DomainError.unprocessable(
          'DEVICE.WIPE_NOT_CONFIRMED',
          'Bestätigen Sie bei der Rückgabe, dass die Daten des Geräts gelöscht wurden (wiped: true).',
          [{ field: 'wiped', message: 'muss bei der Rückgabe true sein' }],
        );
      }
      if (command.to === 'returned') {
        const pending = await this.returns.request(manager, device, principal.userId, command.reason, this.clock.now());
        return { device, returnConfirmationId: pending.id };
      }
      if (needsReason(device.status, command.to) && !command.reason) {
        throw DomainError.unprocessable(
          'DEVICE.REASON_REQUIRED',
          `Say why the device goes from “${device.status}” to “${command.to}”: the history keeps the reason.`,
          [{ field: 'reason', message: 'required for this step' }],
        );
      }
      const now = this.clock.now();
      if (leavesKit(device.status, command.to)) {
        return { device: await this.kit.leave(manager, device, { actor: principal.userId, reason: command.reason!, at: now }) };
      }
      const changed = await this.devices.changeStatus(manager, device, {
        to: command.to,
        actor: principal.userId,
        reason: command.reason,
        at: now,
        holderId: null,
        // Lost with an employee: the history keeps whom it was lost by; the device holds no one.
        ...(device.holderId ? { details: { previousHolderId: device.holderId } } : {}),
      });
      // A kit's last device made ready by hand starts the handover as enrollment does.
      if (command.to === 'ready' && changed.requestId)
        await this.handover.requestIfReady(manager, principal.tenant, changed.requestId, now);
      if (command.to === 'retired') await this.events.retired(manager, changed, principal.userId, command.reason);
      return { device: changed };
    });
  }
}
