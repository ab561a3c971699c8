import type { Provider } from '@nestjs/common';
import { ConfigurationError, PlatformConfig } from '../config/platform-config';
import { DEVELOPMENT_SEAL_KEY, MessagingSeal, parseSealKeys } from './messaging-seal';

/** EVENT_SEAL_KEYS, or outside production the development key; production without keys does not start. */
export function messagingSealFor(config: PlatformConfig): MessagingSeal {
  if (config.EVENT_SEAL_KEYS) return new MessagingSeal(parseSealKeys(config.EVENT_SEAL_KEYS));
  if (config.production) {
    throw new ConfigurationError(
      'invalid configuration:\n  EVENT_SEAL_KEYS: required when NODE_ENV=production (the development key would leave citizens’ addresses readable on Kafka)',
    );
  }
  return new MessagingSeal([DEVELOPMENT_SEAL_KEY]);
}

/** For the services that seal (appointments) or open (messaging) personal data in events. */
export const messagingSealProvider: Provider = {
  provide: MessagingSeal,
  inject: [PlatformConfig],
  useFactory: messagingSealFor,
};
