import { createPino, PinoLogger } from '@amtsweg/platform';

/** Every JSON line a PinoLogger writes, kept in memory, parsed on demand. */
export class LogCapture {
  readonly raw: string[] = [];
  readonly logger = new PinoLogger(createPino('verbose', { write: (line: string) => void this.raw.push(line) }));

  lines(): Array<Record<string, unknown>> {
    return this.raw.map((line) => JSON.parse(line) as Record<string, unknown>);
  }
}

/** The value of one Prometheus sample (`name{a="b",…} value`) with exactly these labels, or undefined. */
export function sample(exposition: string, name: string, labels: Record<string, string>): number | undefined {
  const wanted = Object.entries(labels)
    .map(([key, value]) => `${key}="${value}"`)
    .sort()
    .join(',');
  for (const line of exposition.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const have = (match[2] ?? '')
      .split(/,(?=[a-zA-Z_]\w*=")/)
      .filter(Boolean)
      .sort()
      .join(',');
    if (have === wanted) return Number(match[3]);
  }
  return undefined;
}
