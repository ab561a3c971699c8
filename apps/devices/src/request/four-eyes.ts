import { Injectable } from '@nestjs/common';
import { DomainError, type Principal } from '@amtsweg/platform';
import type { EntityManager } from 'typeorm';
import { DeviceSettings } from '../settings/device-settings';
import type { DeviceRequest } from './device-request';

/** Four eyes: the requester does not decide their own request, unless the tenant allows it (one it-admin). */
@Injectable()
export class FourEyes {
  constructor(private readonly settings: DeviceSettings) {}

  async assertMayDecide(manager: EntityManager, principal: Principal, request: DeviceRequest): Promise<void> {
    if (request.requesterId !== principal.userId) return;
    if (await this.settings.allowsOwnRequestDecision(manager, principal.tenant)) return;
    throw DomainError.forbidden(
      'DEVICE_REQUEST.OWN_REQUEST',
      'Another it-admin must decide this request: the requester may not approve or reject their own request.',
    );
  }
}
