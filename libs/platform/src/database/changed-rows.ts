import type { EntityManager } from 'typeorm';

/** Runs an UPDATE or DELETE and answers how many rows it changed (TypeORM returns `[rows, count]` for both). */
export async function changedRows(manager: EntityManager, sql: string, parameters: unknown[]): Promise<number> {
  const result = (await manager.query(sql, parameters)) as unknown;
  if (Array.isArray(result) && result.length === 2 && typeof result[1] === 'number') return result[1];
  throw new Error('expected an UPDATE or DELETE statement');
}
