import { Inject, Injectable } from '@nestjs/common';
import { DomainError, type Principal, Clock } from '@amtsweg/platform';
import type { DataSource } from 'typeorm';
import { DEVICES_DATA_SOURCE } from '../../devices.database';
import type { DeviceRequest } from '../device-request';
import { DeviceRequestRepository } from '../device-request.repository';
import { FourEyes } from '../four-eyes';
import { RequestEvents } from '../request-events';

/** An it-admin rejects a submitted request, with a reason the requester reads. */
@Injectable()
export class RejectRequestHandler {
  constructor(
    @Inject(DEVICES_DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly requests: DeviceRequestRepository,
    private readonly events: RequestEvents,
    private readonly fourEyes: FourEyes,
    private readonly clock: Clock,
  ) {}

  async execute(principal: Principal, id: string, reason: string): Promise<DeviceRequest> {
    const trimmed = reason.trim();
    if (!trimmed)
      throw DomainError.badRequest('REQUEST.INVALID', 'Geben Sie einen Grund an.', [{ field: 'reason', message: 'darf nicht leer sein' }]);
    return this.dataSource.transaction(async (manager) => {
      const request = await this.requests.find(manager, principal.tenant, id, { forUpdate: true });
      if (!request) throw DomainError.notFound('DEVICE_REQUEST.NOT_FOUND', 'Diese Anforderung gibt es nicht.');
      await this.fourEyes.assertMayDecide(manager, principal, request);
      if (request.status !== 'submitted')
        throw DomainError.conflict('DEVICE_REQUEST.ALREADY_DECIDED', 'Über diese Anforderung ist schon entschieden.');
      const now = this.clock.now();
      const rejected: DeviceRequest = {
        ...request,
        status: 'rejected',
        decidedBy: principal.userId,
        decidedAt: now,
        rejectionReason: trimmed,
        updatedAt: now,
      };
      await this.requests.update(manager, rejected);
      await this.events.rejected(manager, rejected);
      return rejected;
    });
  }
}
