import type { DataSource } from 'typeorm';

/** An event as a service's outbox holds it (the record value the relay publishes). */
export interface OutboxEvent {
  type: string;
  subject: string;
  tenantid: string;
  data: Record<string, unknown>;
  /** The whole envelope as JSON: what a search for personal data must not find. */
  raw: string;
}

/**
 * The events a service appended to its outbox, oldest first; with `subject`, only that subject's
 * (the outbox key). The service's schema is its DataSource's.
 */
export async function outboxEvents(dataSource: DataSource, subject?: string): Promise<OutboxEvent[]> {
  const schema = (dataSource.options as { schema?: string }).schema;
  if (!schema) throw new Error('outboxEvents needs a service DataSource (one with a schema)');
  const rows = (await dataSource.query(
    `SELECT envelope FROM ${schema}.outbox_event ${subject ? 'WHERE key = $1' : ''} ORDER BY position`,
    subject ? [subject] : [],
  )) as Array<{ envelope: unknown }>;
  return rows.map(({ envelope }) => {
    // A driver may hand jsonb back as text or as the parsed object.
    const event = (typeof envelope === 'string' ? JSON.parse(envelope) : envelope) as Omit<OutboxEvent, 'raw'>;
    return { ...event, raw: JSON.stringify(event) };
  });
}
