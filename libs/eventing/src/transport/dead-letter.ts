import type { BusRecord } from '../bus/event-bus';

export interface DeadLetterReason {
  error: string;
  consumer: string;
  /** Handler runs before giving up; 0 when the record could not be handled at all (poison). */
  attempts: number;
  failedAt: Date;
}

// Kafka headers have no hard limit, but a stack-sized header helps nobody reading the DLQ.
const MAX_ERROR_LENGTH = 1_000;

/** The record as it came, to `<topic>.dlq`, with why and by whom it was given up in its headers. */
export function deadLetterRecord(record: BusRecord, reason: DeadLetterReason): BusRecord {
  return {
    topic: deadLetterTopic(record.topic),
    key: record.key,
    value: record.value,
    headers: {
      ...record.headers,
      'x-dlq-error': reason.error.slice(0, MAX_ERROR_LENGTH),
      'x-dlq-consumer': reason.consumer,
      'x-dlq-attempts': String(reason.attempts),
      'x-dlq-failed-at': reason.failedAt.toISOString(),
    },
  };
}

export function deadLetterTopic(topic: string): string {
  return `${topic}.dlq`;
}
