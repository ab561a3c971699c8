import { Inject, Injectable } from '@nestjs/common';
import { DomainError, newId, type Principal, Clock } from '@amtsweg/platform';
import type { DataSource } from 'typeorm';
import { DEVICES_DATA_SOURCE } from '../../devices.database';
import { isCalendarDate } from '../../inventory/device';
import type { DeviceRequest, RequestItem } from '../device-request';
import { DeviceRequestRepository } from '../device-request.repository';
import { RequestEvents } from '../request-events';

/** Staff ask for a kit of devices; it-admins hear of it through the submitted event. */
@Injectable()
export class SubmitRequestHandler {
  constructor(
    @Inject(DEVICES_DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly requests: DeviceRequestRepository,
    private readonly events: RequestEvents,
    private readonly clock: Clock,
  ) {}

  async execute(principal: Principal, command: { items: RequestItem[]; justification: string; neededBy: string }): Promise<DeviceRequest> {
    if (!isCalendarDate(command.neededBy))
      throw DomainError.badRequest('REQUEST.INVALID', 'Das Datum gibt es nicht.', [{ field: 'neededBy', message: 'kein gültiges Datum' }]);
    const now = this.clock.now();
    if (command.neededBy < now.toISOString().slice(0, 10)) {
      throw DomainError.unprocessable('DEVICE_REQUEST.NEEDED_BY_IN_PAST', 'Das Datum „benötigt bis“ liegt in der Vergangenheit.', [
        { field: 'neededBy', message: 'liegt in der Vergangenheit' },
      ]);
    }
    const request: DeviceRequest = {
      id: newId(),
      tenant: principal.tenant,
      requesterId: principal.userId,
      items: command.items.map((item) => ({ type: item.type, count: item.count })),
      justification: command.justification.trim(),
      neededBy: command.neededBy,
      status: 'submitted',
      decidedBy: null,
      decidedAt: null,
      rejectionReason: null,
      handoverId: null,
      handoverFailure: null,
      deviceIds: [],
      createdAt: now,
      updatedAt: now,
    };
    await this.dataSource.transaction(async (manager) => {
      await this.requests.insert(manager, request);
      await this.events.submitted(manager, request);
    });
    return request;
  }
}
