/**
 * Where a service's outbox and inbox live. The embedded database is one session shared by every
 * service (no per-service search_path), so every statement names the schema.
 */
export interface EventingTables {
  schema: string;
  outbox: string;
  inbox: string;
}

const PLAIN_IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

export function eventingTables(schema: string): EventingTables {
  // The name is spliced into SQL: only a plain identifier (a service name) may get there.
  if (!PLAIN_IDENTIFIER.test(schema)) throw new Error(`schema "${schema}" is not a plain lower-case identifier`);
  return { schema, outbox: `"${schema}".outbox_event`, inbox: `"${schema}".inbox_event` };
}
