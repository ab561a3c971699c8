import type { PGlite, Results } from '@electric-sql/pglite';

/** What `pg` answers for a statement, the shape TypeORM's postgres driver reads. */
export interface PgShapedResult {
  rows: Array<Record<string, unknown>>;
  rowCount: number;
  command: string;
  fields: Results['fields'];
}

/**
 * One statement on PGlite, answered as `pg` would. With parameters it is one prepared statement;
 * without, the text may hold several (TypeORM's migrations send them so), run in one go, and the
 * last one's result is the answer.
 */
export async function runStatement(db: PGlite, text: string, values?: unknown[]): Promise<PgShapedResult> {
  const result = values && values.length > 0 ? await db.query<Record<string, unknown>>(text, values) : last(await db.exec(text));
  const command = (result.command ?? firstKeyword(text)).toUpperCase();
  return {
    rows: result.rows as Array<Record<string, unknown>>,
    rowCount: result.affectedRows ?? result.rows.length,
    command,
    fields: result.fields,
  };
}

function last(results: Results[]): Results {
  return results[results.length - 1] ?? { rows: [], fields: [] };
}

function firstKeyword(text: string): string {
  return /^\s*(\w+)/.exec(text)?.[1] ?? '';
}
