import type { EntityManager } from 'typeorm';
import { eventingTables } from '../eventing-tables';

/** A table of a service's schema that holds rows of tenants (a `tenant` column). */
export interface TenantTable {
  /** `"schema"."name"`, ready to splice into SQL. */
  qualified: string;
  name: string;
  columns: Array<{ name: string; type: string }>;
  primaryKey: string[];
}

/** A foreign key between two tables of the schema, with its columns in order. */
interface ForeignKey {
  child: string;
  parent: string;
  childColumns: string[];
  parentColumns: string[];
  cascades: boolean;
}

/** A table without a `tenant` column whose rows belong to a tenant table's rows (and do not go with them by cascade). */
export interface DependentTable {
  qualified: string;
  name: string;
  columns: Array<{ name: string; type: string }>;
  primaryKey: string[];
  parent: string;
  childColumns: string[];
  parentColumns: string[];
}

export interface TenantTableLayout {
  /** Children before their parents, so deleting in this order never breaks a foreign key. */
  tables: TenantTable[];
  /** Per tenant table: the rows of other tables to delete before its own. */
  dependents: Map<string, DependentTable[]>;
  /** Tables that reference themselves: their rows of one tenant go in one statement. */
  selfReferencing: Set<string>;
}

export const TENANT_COLUMN = 'tenant';

const quote = (identifier: string): string => `"${identifier.replace(/"/g, '""')}"`;
export { quote as quoteIdentifier };

/**
 * Reads from the catalog which tables of `schema` hold tenant rows, so that export and erasure cover a
 * table added later without anyone remembering to list it (the tests check the same way: every
 * column named `tenant` in every schema).
 */
export async function tenantTableLayout(manager: EntityManager, schema: string): Promise<TenantTableLayout> {
  eventingTables(schema); // checks that the schema is a plain identifier
  const columns = (await manager.query(
    `SELECT c.table_name, c.column_name, c.data_type
       FROM information_schema.columns c
       JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'
      WHERE c.table_schema = $1
      ORDER BY c.table_name, c.ordinal_position`,
    [schema],
  )) as Array<{ table_name: string; column_name: string; data_type: string }>;
  const keys = (await manager.query(
    `SELECT cl.relname AS table_name, a.attname AS column_name
       FROM pg_index i
       JOIN pg_class cl ON cl.oid = i.indrelid
       JOIN pg_namespace n ON n.oid = cl.relnamespace
       JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord) ON true
       JOIN pg_attribute a ON a.attrelid = cl.oid AND a.attnum = k.attnum
      WHERE n.nspname = $1 AND i.indisprimary
      ORDER BY cl.relname, k.ord`,
    [schema],
  )) as Array<{ table_name: string; column_name: string }>;
  const foreignKeys = (await manager.query(
    `SELECT child.relname AS child, parent.relname AS parent, c.confdeltype = 'c' AS cascades,
            array(SELECT a.attname FROM unnest(c.conkey) WITH ORDINALITY k(attnum, ord)
                    JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum ORDER BY k.ord)::text[] AS child_columns,
            array(SELECT a.attname FROM unnest(c.confkey) WITH ORDINALITY k(attnum, ord)
                    JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.attnum ORDER BY k.ord)::text[] AS parent_columns
       FROM pg_constraint c
       JOIN pg_class child ON child.oid = c.conrelid
       JOIN pg_class parent ON parent.oid = c.confrelid
       JOIN pg_namespace n ON n.oid = c.connamespace
      WHERE c.contype = 'f' AND n.nspname = $1`,
    [schema],
  )) as Array<{ child: string; parent: string; cascades: boolean; child_columns: string[]; parent_columns: string[] }>;

  const byTable = new Map<string, TenantTable>();
  for (const column of columns) {
    let table = byTable.get(column.table_name);
    if (!table) {
      table = { qualified: `${quote(schema)}.${quote(column.table_name)}`, name: column.table_name, columns: [], primaryKey: [] };
      byTable.set(column.table_name, table);
    }
    table.columns.push({ name: column.column_name, type: column.data_type });
  }
  for (const key of keys) byTable.get(key.table_name)?.primaryKey.push(key.column_name);
  const holdsTenants = (name: string) => byTable.get(name)?.columns.some((column) => column.name === TENANT_COLUMN) ?? false;

  const fks: ForeignKey[] = foreignKeys.map((fk) => ({
    child: fk.child,
    parent: fk.parent,
    cascades: fk.cascades,
    childColumns: fk.child_columns,
    parentColumns: fk.parent_columns,
  }));
  const tenantTables = [...byTable.values()].filter((table) => holdsTenants(table.name));
  const selfReferencing = new Set(fks.filter((fk) => fk.child === fk.parent).map((fk) => fk.child));
  const dependents = new Map<string, DependentTable[]>();
  for (const fk of fks) {
    if (fk.child === fk.parent || fk.cascades || holdsTenants(fk.child) || !holdsTenants(fk.parent)) continue;
    const list = dependents.get(fk.parent) ?? [];
    const child = byTable.get(fk.child);
    if (!child) continue;
    list.push({
      qualified: child.qualified,
      name: child.name,
      columns: child.columns,
      primaryKey: child.primaryKey,
      parent: fk.parent,
      childColumns: fk.childColumns,
      parentColumns: fk.parentColumns,
    });
    dependents.set(fk.parent, list);
  }
  return { tables: childrenFirst(tenantTables, fks), dependents, selfReferencing };
}

/** Orders the tables so that each comes before every table it references (a depth-first topological sort). */
function childrenFirst(tables: TenantTable[], fks: ForeignKey[]): TenantTable[] {
  const names = new Set(tables.map((table) => table.name));
  const referencedBy = new Map<string, string[]>();
  for (const fk of fks) {
    if (fk.child === fk.parent || !names.has(fk.child) || !names.has(fk.parent)) continue;
    referencedBy.set(fk.parent, [...(referencedBy.get(fk.parent) ?? []), fk.child]);
  }
  const ordered: TenantTable[] = [];
  const placed = new Set<string>();
  const visiting = new Set<string>();
  const byName = new Map(tables.map((table) => [table.name, table]));
  const place = (name: string): void => {
    if (placed.has(name) || visiting.has(name)) return;
    visiting.add(name);
    for (const child of referencedBy.get(name) ?? []) place(child);
    visiting.delete(name);
    placed.add(name);
    ordered.push(byName.get(name)!);
  };
  for (const table of [...tables].sort((a, b) => a.name.localeCompare(b.name))) place(table.name);
  return ordered;
}
