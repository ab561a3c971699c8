import { SystemClock } from '@amtsweg/platform';
import type { DataSource } from 'typeorm';
import { IMPORT_BATCH_SIZE, IMPORT_BATCHES_IN_FLIGHT, ImportDevicesHandler } from './import-devices.handler';

function csv(rows: number): string[] {
  return ['type,model,serial\n', ...Array.from({ length: rows }, (_, i) => `laptop,ThinkPad,S-${i}\n`)];
}

async function* chunks(lines: string[]): AsyncGenerator<string> {
  for (let i = 0; i < lines.length; i += 500) yield lines.slice(i, i + 500).join('');
}

/** A database whose inserts finish when the test says so, counting how many run at once. */
function slowDatabase(failOn?: number) {
  let running = 0;
  let calls = 0;
  const state = { maxRunning: 0, settled: 0 };
  const dataSource = {
    query: async (_sql: string, parameters: unknown[]) => {
      const call = ++calls;
      running++;
      state.maxRunning = Math.max(state.maxRunning, running);
      await new Promise((resolve) => setTimeout(resolve, 20));
      running--;
      state.settled++;
      if (call === failOn) throw new Error('connection reset');
      return [{ imported: (parameters[0] as unknown[]).length }];
    },
  } as unknown as DataSource;
  return { dataSource, state, calls: () => calls };
}

describe('the import writes batches while it reads the next', () => {
  it(`keeps at most ${IMPORT_BATCHES_IN_FLIGHT} batches in flight and counts every row once`, async () => {
    const db = slowDatabase();
    const progress: number[] = [];
    const report = await new ImportDevicesHandler(db.dataSource, new SystemClock()).execute(
      'demo',
      'admin',
      chunks(csv(IMPORT_BATCH_SIZE * 5 + 10)),
      (p) => progress.push(p.imported),
    );
    expect(report).toMatchObject({ imported: IMPORT_BATCH_SIZE * 5 + 10, unchanged: 0, failedCount: 0 });
    expect(db.calls()).toBe(6);
    expect(db.state.maxRunning).toBe(IMPORT_BATCHES_IN_FLIGHT);
    expect(progress.at(-1)).toBe(IMPORT_BATCH_SIZE * 5 + 10);
  });

  it('fails with the first failed write, and only after every started write has settled', async () => {
    const db = slowDatabase(2);
    await expect(
      new ImportDevicesHandler(db.dataSource, new SystemClock()).execute('demo', 'admin', chunks(csv(IMPORT_BATCH_SIZE * 6))),
    ).rejects.toThrow('connection reset');
    expect(db.state.settled).toBe(db.calls());
    expect(db.calls()).toBeLessThan(6); // it stopped reading instead of writing the rest
  });
});
