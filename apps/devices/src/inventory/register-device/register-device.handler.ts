import { Inject, Injectable } from '@nestjs/common';
import { DomainError, PgError, sqlState, type Principal, Clock } from '@amtsweg/platform';
import type { DataSource } from 'typeorm';
import { DEVICES_DATA_SOURCE } from '../../devices.database';
import { newDeviceProblems, type Device, type NewDevice } from '../device';
import { DeviceRepository } from '../device.repository';

/** An it-admin registers one device; it starts in stock. A serial the tenant already has is a 409. */
@Injectable()
export class RegisterDeviceHandler {
  constructor(
    @Inject(DEVICES_DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly devices: DeviceRepository,
    private readonly clock: Clock,
  ) {}

  async execute(principal: Principal, device: NewDevice): Promise<Device> {
    const problems = newDeviceProblems(device);
    if (problems.length > 0)
      throw DomainError.badRequest('REQUEST.INVALID', 'Einige Angaben zum Gerät fehlen oder sind ungültig.', problems);
    try {
      return await this.dataSource.transaction((manager) =>
        this.devices.insert(manager, principal.tenant, device, principal.userId, this.clock.now()),
      );
    } catch (error) {
      if (sqlState(error) === PgError.uniqueViolation) {
        throw DomainError.conflict('DEVICE.SERIAL_TAKEN', `Ein Gerät mit der Seriennummer ${device.serial} ist schon erfasst.`);
      }
      throw error;
    }
  }
}
