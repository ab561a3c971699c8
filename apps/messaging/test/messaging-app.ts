import { EVENT_BUS, eventDrivenProcess, type EventBus } from '@amtsweg/eventing';
import { startServiceTestApp, type ServiceTestApp, type ServiceTestAppOptions } from '@amtsweg/platform/testing';
import { loadMessagingConfig, MessagingConfig } from '../src/messaging.config';
import { messagingUnit } from '../src/messaging.process';
import { connectMessagingConsumer } from '../src/messaging.transport';

export interface MessagingAppOptions extends Pick<ServiceTestAppOptions, 'database' | 'dataDir' | 'env' | 'clock' | 'listen'> {
  /** Also run the event consumer (group `messaging`) on the bus, retrying a failed event twice, quickly. */
  consume?: boolean;
  /** A bus shared with other apps of the test (the embedded bus stands for a broker all instances reach). */
  bus?: EventBus;
  /** Messaging's own settings (e.g. BOOKING_REMINDER_INTERVAL_MS), instead of the process environment. */
  messagingEnv?: NodeJS.ProcessEnv;
}

export interface MessagingTestApp extends ServiceTestApp {
  /** The bus the app publishes to and, with `consume`, consumes from. */
  bus: EventBus;
}

/**
 * Messaging as its process serves it: HTTP, the mail dispatcher, the outbox relay, the live
 * fan-out and — with `consume` — its event consumer. Database: see `startServiceTestApp`.
 */
export async function startMessagingApp(options: MessagingAppOptions = {}): Promise<MessagingTestApp> {
  const { consume, bus, messagingEnv, ...serviceOptions } = options;
  const unit = { ...messagingUnit, attach: consume ? connectWithQuickRetries : undefined };
  const t = await startServiceTestApp(eventDrivenProcess('amtsweg messaging (test)', [unit]), {
    ...serviceOptions,
    overrides: [
      ...(bus ? [{ provide: EVENT_BUS, useValue: bus }] : []),
      ...(messagingEnv ? [{ provide: MessagingConfig, useValue: loadMessagingConfig(messagingEnv) }] : []),
    ],
  });
  return { ...t, bus: t.app.get<EventBus>(EVENT_BUS) };
}

function connectWithQuickRetries(app: Parameters<typeof connectMessagingConsumer>[0]): void {
  connectMessagingConsumer(app, { attempts: 2, baseDelayMs: 5 });
}
