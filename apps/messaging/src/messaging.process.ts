import type { INestApplication } from '@nestjs/common';
import { EventingModule } from '@amtsweg/eventing';
import type { PlatformConfig, ServiceProcess } from '@amtsweg/platform';
import { MessagingModule } from './messaging.module';
import { connectMessagingConsumer } from './messaging.transport';

/**
 * Messaging as a process of its own (`npm run start:messaging`). The gateway's embedded default
 * composes the same pieces: `EventingModule.forRoot` once per process, `MessagingModule`, then
 * `connectMessagingConsumer(app)` and `app.startAllMicroservices()`. The mail dispatcher needs no
 * call: it starts with the application and stops before the database closes.
 */
export const messagingProcess: ServiceProcess = {
  title: 'amtsweg messaging',
  modules: (config: PlatformConfig) => [
    EventingModule.forRoot({ kafkaBrokers: config.kafkaBrokers, topicPrefix: config.KAFKA_TOPIC_PREFIX, clientId: 'amtsweg-messaging' }),
    MessagingModule,
  ],
  prepare: async (app: INestApplication) => {
    connectMessagingConsumer(app);
    await app.init();
    await app.startAllMicroservices();
  },
};
