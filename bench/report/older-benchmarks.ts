/**
 * The benchmarks `npm run bench` does not run (import, messaging, signing, large PDF upload, release simulation):
 * their latest files in bench/results/, each with its own command and date.
 */
import type { Spread } from '../stats';
import { cell, table } from './markdown';
import { pdfLivenessSection } from './pdf-liveness-section';
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
  parts.push(pdfLivenessSection());
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
