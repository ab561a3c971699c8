import type { ExportPartService, TenantExportPartDelivered } from '@amtsweg/contracts';
import type { EventContract } from '@amtsweg/contracts';
import type { Response } from 'express';
import type { DataSource } from 'typeorm';
import type { Outbox } from '../outbox/outbox';
import { quoteIdentifier, TENANT_COLUMN, tenantTableLayout, type DependentTable, type TenantTable } from './tenant-tables';

/** The shape of every part; a reader checks it before anything else. */
export const EXPORT_SCHEMA_VERSION = 1;
/** Rows read per statement: the part is streamed, never held whole. */
const PAGE_ROWS = 200;

/**
 * Columns that are never exported: secrets (token and SCIM hashes, sealed private keys and
 * signing-factor secrets), useless to the municipality and dangerous anywhere else.
 */
const SECRET_COLUMN = /(secret|private_key|token_sha256|_sealed$|password)/;

/** Writes one chunk, waiting while the client is slow; false once the client has gone. */
export type EmitText = (text: string) => Promise<boolean>;

/** An entry of `data` a service writes itself (signatures: the documents, chunk by chunk). */
export interface ExtraExportEntry {
  key: string;
  /** Writes the entry's JSON value (an array); false if the client went away on the way. */
  write(emit: EmitText): Promise<boolean>;
}

export interface TenantExportPart {
  dataSource: DataSource;
  service: ExportPartService;
  tenant: string;
  exportId: string;
  /** Tables of the schema left out on purpose (bookkeeping that is no municipality's data). */
  omitTables?: readonly string[];
  extra?: readonly ExtraExportEntry[];
}

/**
 * Streams a service's part of a municipality's export: `{ service, tenant, exportedAt, schemaVersion,
 * data: { <table>: [rows] } }` — every table of the service's schema with a `tenant` column (from the
 * catalog), and the tables without one whose rows hang off those by a foreign key (not by cascade:
 * document chunks come as documents), the tenant's rows page by page, secret columns left out, bytes as base64. Answers true
 * only when the whole part went out to the client.
 */
export async function streamTenantExportPart(response: Response, part: TenantExportPart): Promise<boolean> {
  response.status(200);
  response.setHeader('content-type', 'application/json; charset=utf-8');
  response.setHeader('content-disposition', `attachment; filename="${part.service}.json"`);
  response.setHeader('cache-control', 'no-store');
  const emit: EmitText = async (text) => {
    if (response.destroyed) return false;
    if (!response.write(text)) {
      await new Promise<void>((resolve) => {
        const done = () => {
          response.off('drain', done);
          response.off('close', done);
          resolve();
        };
        response.once('drain', done);
        response.once('close', done);
      });
    }
    return !response.destroyed;
  };
  const head = { service: part.service, tenant: part.tenant, exportedAt: new Date().toISOString(), schemaVersion: EXPORT_SCHEMA_VERSION };
  if (!(await emit(`${JSON.stringify(head).slice(0, -1)},"data":{`))) return false;
  const layout = await tenantTableLayout(part.dataSource.manager, part.service);
  const tables = layout.tables.filter((table) => !part.omitTables?.includes(table.name)).sort((a, b) => a.name.localeCompare(b.name));
  let first = true;
  for (const table of tables) {
    if (!(await emit(`${first ? '' : ','}${JSON.stringify(table.name)}:[`))) return false;
    first = false;
    if (!(await writeRows(part, table, emit))) return false;
    if (!(await emit(']'))) return false;
  }
  // Rows without a tenant column that belong to the tenant's rows (signatures' signers and request documents).
  for (const table of tables) {
    for (const dependent of layout.dependents.get(table.name) ?? []) {
      if (part.omitTables?.includes(dependent.name)) continue;
      if (!(await emit(`${first ? '' : ','}${JSON.stringify(dependent.name)}:[`))) return false;
      first = false;
      if (!(await writeRows(part, dependent, emit, table))) return false;
      if (!(await emit(']'))) return false;
    }
  }
  for (const entry of part.extra ?? []) {
    if (!(await emit(`${first ? '' : ','}${JSON.stringify(entry.key)}:`))) return false;
    first = false;
    if (!(await entry.write(emit))) return false;
  }
  if (!(await emit('}}\n'))) return false;
  return new Promise<boolean>((resolve) => {
    response.once('close', () => resolve(response.writableFinished));
    response.end();
  });
}

/** JSON.stringify calls a Buffer's toJSON before the replacer sees it: look at the holder's own value. */
function bytesAsBase64(this: Record<string, unknown>, key: string, value: unknown): unknown {
  const raw = this[key];
  return Buffer.isBuffer(raw) ? raw.toString('base64') : value;
}

/** The tenant's rows of `table`, page by page; a dependent table's through its `parent`'s tenant column. */
async function writeRows(
  part: TenantExportPart,
  table: TenantTable | DependentTable,
  emit: EmitText,
  parent?: TenantTable,
): Promise<boolean> {
  const columns = table.columns.filter((column) => !SECRET_COLUMN.test(column.name));
  const list = columns.map((column) => `t.${quoteIdentifier(column.name)}`).join(', ');
  const order = table.primaryKey.length > 0 ? table.primaryKey.map((column) => `t.${quoteIdentifier(column)}`).join(', ') : 't.ctid';
  const from =
    parent && 'parentColumns' in table
      ? `${table.qualified} t JOIN ${parent.qualified} p ON ${table.childColumns
          .map((column, index) => `t.${quoteIdentifier(column)} = p.${quoteIdentifier(table.parentColumns[index])}`)
          .join(' AND ')} WHERE p.${quoteIdentifier(TENANT_COLUMN)} = $1`
      : `${table.qualified} t WHERE t.${quoteIdentifier(TENANT_COLUMN)} = $1`;
  let first = true;
  for (let offset = 0; ; offset += PAGE_ROWS) {
    const rows = (await part.dataSource.query(`SELECT ${list} FROM ${from} ORDER BY ${order} LIMIT ${PAGE_ROWS} OFFSET ${offset}`, [
      part.tenant,
    ])) as Array<Record<string, unknown>>;
    if (rows.length === 0) return true;
    const text = rows.map((row) => JSON.stringify(row, bytesAsBase64));
    if (!(await emit(`${first ? '' : ','}${text.join(',')}`))) return false;
    first = false;
    if (rows.length < PAGE_ROWS) return true;
  }
}

/**
 * After a part went out whole: one short transaction that appends `tenant.export-part-delivered`
 * (appointments marks the part delivered when it consumes it).
 */
export async function recordExportPartDelivered(
  dataSource: DataSource,
  outbox: Outbox,
  contract: EventContract<TenantExportPartDelivered>,
  part: Pick<TenantExportPart, 'service' | 'tenant' | 'exportId'>,
): Promise<void> {
  await dataSource.transaction(async (manager) => {
    await outbox.append(
      manager,
      contract,
      { exportId: part.exportId, tenant: part.tenant, service: part.service },
      {
        subject: part.exportId,
        tenantId: part.tenant,
      },
    );
  });
}
