import { eventDrivenProcess } from '@amtsweg/eventing';
import type { ServiceUnit } from '@amtsweg/platform';
import { MessagingModule } from './messaging.module';
import { connectMessagingConsumer } from './messaging.transport';

/** Messaging consumes every service's events; its mail dispatcher starts and stops with the app. */
export const messagingUnit: ServiceUnit = {
  name: 'messaging',
  module: MessagingModule,
  attach: (app) => {
    connectMessagingConsumer(app);
  },
};

/** Messaging as a process of its own (`npm run start:messaging`). */
export const messagingProcess = eventDrivenProcess('amtsweg messaging', [messagingUnit]);
