import { Logger } from '@nestjs/common';
import { logLevel, type logCreator } from 'kafkajs';

/**
 * kafkajs's own log, at warn and error only, through Nest's logger. One known warning is dropped:
 * we bound the idempotent producer's retries on purpose (a send must fail while the broker is down
 * instead of hanging forever; the relay retries, consumers' inboxes absorb the rare duplicate).
 */
export const KAFKA_LOG_LEVEL = logLevel.WARN;

const EXPECTED_WARNINGS = ['Limiting retries for the idempotent producer'];

export const nestKafkaLogCreator: logCreator = () => {
  const logger = new Logger('kafkajs');
  return ({ namespace, level, log }) => {
    const { message } = log;
    if (EXPECTED_WARNINGS.some((expected) => message.startsWith(expected))) return;
    const line = `${namespace}: ${message}${log.error ? ` (${String(log.error)})` : ''}`;
    if (level <= logLevel.ERROR) logger.error(line);
    else logger.warn(line);
  };
};
