/** The large-PDF-upload part of docs/performance.md: the latest bench:pdf-liveness file of each database mode. */
import type { DocumentFigures, PdfLivenessReport, WindowFigures } from '../pdf-liveness.bench';
import { cell, table } from './markdown';
import { latestResultFile, readJson } from './results';

const day = (iso: string) => iso.slice(0, 16).replace('T', ' ') + ' UTC';
const once = (ms: number) => `${Math.round(ms * 10) / 10} ms`;
const megabytes = (bytes: number) => `${Math.round((bytes / 1e6) * 10) / 10} MB`;

/**
 * PostgreSQL (`pdf-liveness-<date>.json`), the embedded default (`…-embedded.json`) and, kept for
 * comparison, the embedded default before PGlite had a thread of its own (`…-embedded-main-thread.json`).
 */
export function pdfLivenessSection(): string {
  const files = [
    latestResultFile('pdf-liveness-'),
    latestResultFile('pdf-liveness-', '-embedded'),
    latestResultFile('pdf-liveness-', '-embedded-main-thread'),
  ].filter((file): file is string => Boolean(file));
  if (files.length === 0) return '';
  const first = readJson<PdfLivenessReport>(files[0]);
  const s = first.settings;
  const parts = [
    '### Large PDF upload — `npm run bench:pdf-liveness`',
    '',
    'Generated PDFs uploaded as signature requests to the built all-in-one (read, checked, prepared for signing and stored; PDF work in ' +
      `worker threads, ${s.pdfWorkers}), ${s.runs}× per size, while \`/health/live\` is polled every ${s.pollIntervalMs} ms and citizens ` +
      `book ${s.bookingsPerSecond}/s; baseline: the same polling and booking for ${s.baselineSeconds} s without an upload, in the same run. ` +
      `Goal: \`/health/live\` p99 ≤ ${first.goal.liveP99Ms} ms during every upload. Cells: median of the runs (min–max). The machine is ` +
      'shared: its load average (in each heading) and the baseline show how much of the latency is the machine’s. The embedded default ' +
      'needs no infrastructure; `KAFKA_BROKERS=… DATABASE_URL=…` adds the PostgreSQL mode; `BENCH_PDF_MB=3.5,7,14,19.7` sets the sizes. ' +
      'Until 2026-12-07 19:50 UTC the benchmark took its figures the moment an upload answered, before the polls the process had held ' +
      'came back: it missed the slowest ones (its PostgreSQL figure of 17:55 UTC, p99 44.3 ms, is one of those).',
    '',
  ];
  for (const file of files) parts.push(...modeTable(readJson<PdfLivenessReport>(file), file));
  return parts.join('\n');
}

function modeTable(data: PdfLivenessReport, file: string): string[] {
  const b = data.baseline;
  const documents = data.documents;
  const row = (label: string, base: string, value: (d: DocumentFigures) => string) => [label, base, ...documents.map(value)];
  const failedPolls = (d: DocumentFigures) => String(d.uploads.reduce((sum, u) => sum + u.live.failed, 0));
  return [
    `#### ${data.database} — \`${data.command}\`, ${day(data.date)}, load average ${data.loadAverage.before} → ${data.loadAverage.after} on ${data.machine.cpus} CPUs (\`${file}\`)`,
    '',
    goalSentence(data),
    '',
    table(
      ['', 'baseline (no upload)', ...documents.map((d) => `${megabytes(d.pdfBytes)} upload`)],
      [
        row('answered', '–', (d) => `${cell(d.duringUpload.uploadMs, 'ms')}, ${statuses(d)}`),
        row('`/health/live` p99', once(b.live.p99Ms), (d) => cell(d.duringUpload.liveP99Ms, 'ms')),
        row('`/health/live` slowest', once(b.live.maxMs), (d) => cell(d.duringUpload.liveMaxMs, 'ms')),
        row('`/health/live` unanswered or failed', String(b.live.failed), failedPolls),
        row('booking p50', bookingMs(b, 'p50Ms'), (d) => cell(d.duringUpload.bookingP50Ms, 'ms')),
        row('booking p99', bookingMs(b, 'p99Ms'), (d) => cell(d.duringUpload.bookingP99Ms, 'ms')),
      ],
    ),
    '',
  ];
}

function goalSentence(data: PdfLivenessReport): string {
  if (data.goalMet) return 'Goal met.';
  const met = data.documents.filter((d) => d.goalMet).map((d) => megabytes(d.pdfBytes));
  return met.length === 0 ? 'Goal not met.' : `Goal met for ${met.join(', ')} only.`;
}

function statuses(d: DocumentFigures): string {
  const counts = new Map<number, number>();
  for (const u of d.uploads) counts.set(u.status, (counts.get(u.status) ?? 0) + 1);
  return [...counts].map(([status, n]) => `${n}× ${status === 0 ? 'no answer' : status}`).join(', ');
}

function bookingMs(b: WindowFigures, which: 'p50Ms' | 'p99Ms'): string {
  return once(b.bookings[which]);
}
