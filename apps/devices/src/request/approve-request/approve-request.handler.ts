import { Inject, Injectable } from '@nestjs/common';
import { DomainError, isConcurrencyConflict, type Principal, Clock } from '@amtsweg/platform';
import type { DataSource, EntityManager } from 'typeorm';
import { DEVICES_DATA_SOURCE } from '../../devices.database';
import type { Device } from '../../inventory/device';
import { DeviceRepository } from '../../inventory/device.repository';
import { countsByType, kitFit, type DeviceRequest } from '../device-request';
import { DeviceRequestRepository } from '../device-request.repository';
import { FourEyes } from '../four-eyes';
import { RequestEvents } from '../request-events';

/**
 * An it-admin approves a submitted request: the named in-stock devices, or ones the system picks
 * (`FOR UPDATE SKIP LOCKED`), are reserved for it — all of them or none.
 */
@Injectable()
export class ApproveRequestHandler {
  constructor(
    @Inject(DEVICES_DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly requests: DeviceRequestRepository,
    private readonly devices: DeviceRepository,
    private readonly events: RequestEvents,
    private readonly fourEyes: FourEyes,
    private readonly clock: Clock,
  ) {}

  async execute(principal: Principal, id: string, deviceIds?: string[]): Promise<DeviceRequest> {
    try {
      return await this.dataSource.transaction(async (manager) => {
        const request = await this.requests.find(manager, principal.tenant, id, { forUpdate: true });
        if (!request) throw DomainError.notFound('DEVICE_REQUEST.NOT_FOUND', 'Diese Anforderung gibt es nicht.');
        await this.fourEyes.assertMayDecide(manager, principal, request);
        if (request.status !== 'submitted')
          throw DomainError.conflict('DEVICE_REQUEST.ALREADY_DECIDED', 'Über diese Anforderung ist schon entschieden.');
        const chosen = deviceIds
          ? await this.named(manager, principal.tenant, request, deviceIds)
          : await this.picked(manager, principal.tenant, request);
        const now = this.clock.now();
        for (const device of chosen) {
          await this.devices.changeStatus(manager, device, {
            to: 'reserved',
            actor: principal.userId,
            reason: 'Anforderung genehmigt',
            at: now,
            holderId: null,
            requestId: request.id,
            details: { requestId: request.id },
          });
        }
        const approved: DeviceRequest = {
          ...request,
          status: 'approved',
          decidedBy: principal.userId,
          decidedAt: now,
          updatedAt: now,
          deviceIds: chosen.map((d) => d.id).sort(),
        };
        await this.requests.update(manager, approved);
        await this.events.approved(manager, approved);
        return approved;
      });
    } catch (error) {
      if (isConcurrencyConflict(error))
        throw DomainError.conflict(
          'DEVICE_REQUEST.CONCURRENT_CHANGE',
          'Die Anforderung oder die Geräte wurden gerade geändert. Bitte erneut versuchen.',
        );
      throw error;
    }
  }

  private async named(manager: EntityManager, tenant: string, request: DeviceRequest, ids: string[]): Promise<Device[]> {
    const found = await this.devices.findManyForUpdate(manager, tenant, ids);
    if (found.length !== ids.length)
      throw DomainError.unprocessable('DEVICE_REQUEST.UNKNOWN_DEVICE', 'Mindestens eines der Geräte gibt es nicht.', [
        { field: 'deviceIds', message: 'unbekanntes Gerät' },
      ]);
    const notInStock = found.filter((device) => device.status !== 'in_stock');
    if (notInStock.length > 0)
      throw DomainError.conflict('DEVICE_REQUEST.DEVICE_NOT_IN_STOCK', `Nicht im Lager: ${notInStock.map((d) => d.serial).join(', ')}.`);
    if (kitFit(request.items, found) !== 'complete') {
      throw DomainError.unprocessable(
        'DEVICE_REQUEST.DEVICES_DO_NOT_MATCH',
        'Die Geräte passen nicht zur Anforderung (Typen und Anzahl).',
        [{ field: 'deviceIds', message: 'Typen und Anzahl wie angefordert' }],
      );
    }
    return found;
  }

  private async picked(manager: EntityManager, tenant: string, request: DeviceRequest): Promise<Device[]> {
    const chosen: Device[] = [];
    for (const [type, count] of countsByType(request.items)) {
      const found = await this.devices.pickInStock(manager, tenant, type, count);
      if (found.length < count)
        throw DomainError.conflict(
          'DEVICE_REQUEST.NOT_ENOUGH_STOCK',
          `Im Lager sind nicht genug Geräte vom Typ ${type} (${found.length} von ${count}).`,
        );
      chosen.push(...found);
    }
    return chosen;
  }
}
