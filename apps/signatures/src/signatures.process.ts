import { eventDrivenProcess } from '@amtsweg/eventing';
import type { ServiceUnit } from '@amtsweg/platform';
import { SignaturesModule } from './signatures.module';
import { connectSignaturesConsumer } from './signatures.transport';

/** Signatures consumes devices' handover requests; its due-date scheduler starts and stops with the app. */
export const signaturesUnit: ServiceUnit = {
  name: 'signatures',
  module: SignaturesModule,
  attach: (app) => {
    connectSignaturesConsumer(app);
  },
};

/** Signatures as a process of its own (`npm run start:signatures`). */
export const signaturesProcess = eventDrivenProcess('amtsweg signatures', [signaturesUnit]);
