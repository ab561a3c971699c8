/** Markdown pieces for docs/performance.md. */
import type { Spread } from '../stats';
import { short } from './svg-chart';

export function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map((_, i) => (i === 0 ? '---' : '---:'))), ...rows.map(line)].join('\n');
}

/** `148 events/s (140–215)`: the median, then min–max of the runs. */
export function cell(value: Spread | undefined, unit = ''): string {
  if (!value) return '–';
  const suffix = unit ? ` ${unit}` : '';
  return `${short(value.median)}${suffix} (${short(value.min)}–${short(value.max)})`;
}

export function chart(file: string, alt: string): string {
  return `![${alt}](charts/${file})`;
}
