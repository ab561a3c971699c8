import { UUID_PATTERN } from '@amtsweg/platform';
import type { BusRecord } from './bus/event-bus';

/** A CloudEvents 1.0 envelope with our extensions (ARCHITECTURE.md, "Events"). */
export interface CloudEvent<T = unknown> {
  id: string;
  source: string;
  /** `de.amtsweg.<service>.<aggregate>.<verb>.v<N>` */
  type: string;
  specversion: '1.0';
  time: string;
  /** The aggregate id; also the Kafka key, so one aggregate's events stay in order. */
  subject: string;
  datacontenttype: 'application/json';
  tenantid: string;
  correlationid: string;
  causationid?: string;
  traceparent?: string;
  data: T;
}

/** A record that is not a CloudEvent we can read: poison for every consumer, never retried. */
export class MalformedEventError extends Error {
  override readonly name = 'MalformedEventError';
}

const CONTENT_TYPE = 'application/json';
const REQUIRED = ['id', 'source', 'type', 'specversion', 'time', 'subject', 'tenantid', 'correlationid'] as const;
const OPTIONAL = ['causationid', 'traceparent'] as const;

/** Kafka binary content mode: attributes as `ce_<name>` headers, `content-type`, the data as value. */
export function toBusRecord(topic: string, event: CloudEvent): BusRecord {
  const headers: Record<string, string> = { 'content-type': event.datacontenttype };
  for (const name of [...REQUIRED, ...OPTIONAL]) {
    const value = event[name];
    if (value !== undefined) headers[`ce_${name}`] = value;
  }
  return { topic, key: event.subject, headers, value: JSON.stringify(event.data) };
}

export function fromBusRecord(record: BusRecord): CloudEvent {
  const header = (name: string) => record.headers[`ce_${name}`];
  const missing = REQUIRED.filter((name) => !header(name));
  if (missing.length > 0) throw new MalformedEventError(`missing CloudEvents headers: ${missing.map((n) => `ce_${n}`).join(', ')}`);
  if (header('specversion') !== '1.0') throw new MalformedEventError(`unsupported specversion "${header('specversion')}"`);
  const contentType = record.headers['content-type'];
  if (contentType?.split(';')[0].trim() !== CONTENT_TYPE) throw new MalformedEventError(`unsupported content-type "${contentType}"`);
  // The id becomes the inbox key (a uuid column): anything else would fail every retry.
  if (!UUID_PATTERN.test(header('id'))) throw new MalformedEventError(`ce_id "${header('id')}" is not a UUID`);
  let data: unknown;
  try {
    data = JSON.parse(record.value);
  } catch {
    throw new MalformedEventError('value is not JSON');
  }
  const event: CloudEvent = {
    id: header('id'),
    source: header('source'),
    type: header('type'),
    specversion: '1.0',
    time: header('time'),
    subject: header('subject'),
    datacontenttype: CONTENT_TYPE,
    tenantid: header('tenantid'),
    correlationid: header('correlationid'),
    data,
  };
  for (const name of OPTIONAL) {
    const value = header(name);
    if (value) event[name] = value;
  }
  return event;
}
