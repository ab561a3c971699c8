/**
 * The benchmarks `npm run bench` does not run (import, messaging, signing, large PDF upload, release simulation):
 * their latest files in bench/results/, each with its own command and date.
 */
import type { PdfLivenessReport } from '../pdf-liveness.bench';
import type { Spread } from '../stats';
import { cell, table } from './markdown';
import { latestResultFile, readJson } from './results';

interface ImportFile {
  date: string;
  settings: { runs: number };
  goalRatio: number;
  results: Array<{ rows: number; importRowsPerSecond: Spread; copyRowsPerSecond: Spread; ratio: Spread; importPeak: { rssMb: Spread } }>;
}

interface SigningFile {
  date: string;
  runs: number;
  goalRatio: number;
  cases: Array<{ pages: number; firstSignature: Spread; laterSignature: Spread; rawCms: Spread; ratioFirst: number; ratioLater: number }>;
}

interface MessagingFile {
  date: string;
  settings: { runs: number; ratePerSecond: number; lightRatePerSecond: number };
  latency: Record<'service' | 'serviceAtLightRate' | 'rawKafkajs', { p50Ms: Spread; p99Ms: Spread }> & { goal: string };
  throughput: { deliveredPerSecond: Spread };
}

interface ReleaseFile {
  date: string;
  database: string;
  parameters: { requesters: number; slots: number; bots: number };
  firstCome: { botShare: number; soldOutAfterSeconds: number; serverErrors: number };
  draw: { botShare: number; serverErrors: number };
}

const day = (iso: string) => iso.slice(0, 16).replace('T', ' ') + ' UTC';
const percent = (share: number) => `${Math.round(share * 1000) / 10} %`;

export function olderBenchmarksSection(): string {
  const parts = [
    '## Other benchmarks (run separately)',
    '',
    'Not part of `npm run bench`; each was run on its own, with the command and at the date given, on the same shared machine (each file records it).',
    '',
  ];
  const importFile = latestResultFile('import-');
  if (importFile) {
    const data = readJson<ImportFile>(importFile);
    parts.push(
      `### Device CSV import — \`DATABASE_URL=… npm run bench:import\`, ${day(data.date)} (\`${importFile}\`)`,
      '',
      `The streamed import against a raw \`COPY … FROM STDIN\` of the same file; ${data.settings.runs} runs; goal ≥ ${data.goalRatio} × COPY.`,
      '',
      table(
        ['rows', 'import', 'raw COPY', 'import / COPY', 'peak RSS'],
        data.results.map((r) => [
          String(r.rows),
          cell(r.importRowsPerSecond, 'rows/s'),
          cell(r.copyRowsPerSecond, 'rows/s'),
          cell(r.ratio),
          cell(r.importPeak.rssMb, 'MB'),
        ]),
      ),
      '',
    );
  }
  const messagingFile = latestResultFile('messaging-');
  if (messagingFile) {
    const data = readJson<MessagingFile>(messagingFile);
    const l = data.latency;
    parts.push(
      `### Messaging, two instances — \`KAFKA_BROKERS=… DATABASE_URL=… npm run bench:messaging\`, ${day(data.date)} (\`${messagingFile}\`)`,
      '',
      `Post on instance one → receipt on instance two's live stream; ${data.settings.runs} runs; goal: ${l.goal}.`,
      '',
      table(
        ['', 'p50', 'p99'],
        [
          [`service at ${data.settings.ratePerSecond}/s`, cell(l.service.p50Ms, 'ms'), cell(l.service.p99Ms, 'ms')],
          [
            `service at ${data.settings.lightRatePerSecond}/s`,
            cell(l.serviceAtLightRate.p50Ms, 'ms'),
            cell(l.serviceAtLightRate.p99Ms, 'ms'),
          ],
          [`raw kafkajs at ${data.settings.ratePerSecond}/s`, cell(l.rawKafkajs.p50Ms, 'ms'), cell(l.rawKafkajs.p99Ms, 'ms')],
        ],
      ),
      '',
      `Saturated: ${cell(data.throughput.deliveredPerSecond, 'messages/s')} delivered.`,
      '',
    );
  }
  const signingFile = latestResultFile('signing-');
  if (signingFile) {
    const data = readJson<SigningFile>(signingFile);
    parts.push(
      `### PAdES signing — \`npm run bench:signing\`, ${day(data.date)} (\`${signingFile}\`)`,
      '',
      `Signatures through the service against raw CMS signing of the same bytes; ${data.runs} runs; goal ≥ ${data.goalRatio} × raw.`,
      '',
      table(
        ['document', 'service, first signature', 'service, third signature', 'raw CMS', 'ratio first / third'],
        data.cases.map((c) => [
          `${c.pages} page(s)`,
          cell(c.firstSignature, 'sig/s'),
          cell(c.laterSignature, 'sig/s'),
          cell(c.rawCms, 'sig/s'),
          `${c.ratioFirst} / ${c.ratioLater}`,
        ]),
      ),
      '',
    );
  }
  const pdfFile = latestResultFile('pdf-liveness-');
  if (pdfFile) {
    const data = readJson<PdfLivenessReport>(pdfFile);
    const { baseline: b, duringUpload: d, settings: s } = data;
    const once = (ms: number) => `${Math.round(ms * 10) / 10} ms`;
    parts.push(
      `### Large PDF upload — \`${data.command}\`, ${day(data.date)} (\`${pdfFile}\`)`,
      '',
      `A generated ${Math.round((s.pdfBytes / 1e6) * 10) / 10} MB PDF (${s.pdfPages} pages) uploaded ${s.runs}× as a signature request to the built all-in-one ` +
        `(read, checked, prepared for signing and stored; PDF work in worker threads, ${s.pdfWorkers}), while \`/health/live\` is polled every ` +
        `${s.pollIntervalMs} ms and another tenant books ${s.bookingsPerSecond}/s; baseline: the same polling and booking for ${s.baselineSeconds} s ` +
        `without an upload, in the same run. Goal: \`/health/live\` p99 ≤ ${data.goal.liveP99Ms} ms during every upload ` +
        `(${data.goalMet ? 'met' : 'not met'}). Upload answered in ${cell(d.uploadMs, 'ms')}. The machine's load average was ` +
        `${data.loadAverage.before} → ${data.loadAverage.after} on ${data.machine.cpus} CPUs; the baseline's own p99 shows how much of the latency is the machine's.`,
      '',
      table(
        ['', 'baseline (no upload)', 'during the upload (median of runs, min–max)'],
        [
          ['`/health/live` p99', once(b.live.p99Ms), cell(d.liveP99Ms, 'ms')],
          ['`/health/live` slowest', once(b.live.maxMs), cell(d.liveMaxMs, 'ms')],
          ['booking p50', once(b.bookings.p50Ms), cell(d.bookingP50Ms, 'ms')],
          ['booking p99', once(b.bookings.p99Ms), cell(d.bookingP99Ms, 'ms')],
        ],
      ),
      '',
    );
  }
  const releases = [latestResultFile('release-'), latestResultFile('release-', '-embedded')].filter((file): file is string =>
    Boolean(file),
  );
  if (releases.length > 0) {
    const rows = releases.map((file) => {
      const data = readJson<ReleaseFile>(file);
      return [
        `${data.database} (${day(data.date)}, \`${file}\`)`,
        `${percent(data.firstCome.botShare)}, sold out after ${data.firstCome.soldOutAfterSeconds} s`,
        percent(data.draw.botShare),
        String(data.firstCome.serverErrors + data.draw.serverErrors),
      ];
    });
    const first = readJson<ReleaseFile>(releases[0]);
    parts.push(
      `### Appointment release simulation — \`npm run sim:release\` (embedded) and \`DATABASE_URL=… npm run sim:release\``,
      '',
      `${first.parameters.requesters} requesters, ${first.parameters.bots} of them bots firing at once, for ${first.parameters.slots} slots: the share of slots bots got.`,
      '',
      table(['database', 'first come, first served', 'by the draw', '5xx'], rows),
      '',
    );
  }
  return parts.join('\n');
}
