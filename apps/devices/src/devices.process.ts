import { eventDrivenProcess } from '@amtsweg/eventing';
import type { ServiceUnit } from '@amtsweg/platform';
import { DEVICES } from './devices.database';
import { DevicesModule } from './devices.module';
import { connectDevicesConsumer } from './devices.transport';

/** Devices consumes signatures' answers to its handovers (alone, or in the gateway's all-in-one start). */
export const devicesUnit: ServiceUnit = {
  name: DEVICES,
  module: DevicesModule,
  attach: (app) => {
    connectDevicesConsumer(app);
  },
};

/** Devices as a process of its own (`npm run start:devices`). */
export const devicesProcess = eventDrivenProcess('amtsweg devices', [devicesUnit]);
