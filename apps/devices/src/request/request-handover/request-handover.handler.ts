import { Inject, Injectable } from '@nestjs/common';
import { DomainError, isConcurrencyConflict, type Principal, Clock } from '@amtsweg/platform';
import type { DataSource } from 'typeorm';
import { DEVICES_DATA_SOURCE } from '../../devices.database';
import { KitHandover } from '../../handover/kit-handover';
import type { DeviceRequest } from '../device-request';
import { DeviceRequestRepository } from '../device-request.repository';
import { KitProblems } from '../kit-problems';

/** An it-admin asks for the kit's handover again, e.g. after the employee refused to sign. */
@Injectable()
export class RequestHandoverHandler {
  constructor(
    @Inject(DEVICES_DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly requests: DeviceRequestRepository,
    private readonly handover: KitHandover,
    private readonly clock: Clock,
  ) {}

  async execute(principal: Principal, requestId: string): Promise<DeviceRequest> {
    try {
      return await this.dataSource.transaction(async (manager) => {
        const start = await this.handover.requestIfReady(manager, principal.tenant, requestId, this.clock.now());
        if (start.started) return start.request;
        switch (start.because) {
          case 'not_found':
            throw KitProblems.requestNotFound();
          case 'kit_not_ready':
            throw DomainError.conflict(
              'DEVICE_REQUEST.KIT_NOT_READY',
              'The kit is not complete and ready yet: every device it asks for must be in it and ready.',
            );
          case 'requester_unknown':
            throw DomainError.conflict(
              'DEVICE_REQUEST.REQUESTER_UNKNOWN',
              'The requester is not in the directory, so no handover protocol can name them.',
            );
          default: {
            const request = await this.requests.find(manager, principal.tenant, requestId);
            throw KitProblems.notChangeable(request!);
          }
        }
      });
    } catch (error) {
      if (isConcurrencyConflict(error)) throw KitProblems.concurrentChange();
      throw error;
    }
  }
}
