/**
 * docs/performance.md and docs/charts/*.svg, generated from a bench/results/bench-<date>.json:
 * `npm run bench` calls it after measuring; `node dist/bench/report/performance-doc.js` regenerates
 * the doc from the newest results file without measuring again.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FOOTPRINT_PROCESSES, STARTUP_MODES } from '../footprint.bench';
import type { RateReport } from '../mail-latency.bench';
import { cell, chart, table } from './markdown';
import { olderBenchmarksSection } from './older-benchmarks';
import { latestResultFile, readJson, type BenchResults } from './results';
import { COLORS, renderBarChart, short, type BarChart } from './svg-chart';

const DOC = join('docs', 'performance.md');
const CHARTS = join('docs', 'charts');

const OURS = { label: 'amtsweg', color: COLORS.ours };
const BASELINE = { label: 'baseline (raw, same run)', color: COLORS.baseline };

export function writePerformanceDoc(results: BenchResults, resultsFile: string): void {
  const charts = chartsOf(results);
  mkdirSync(CHARTS, { recursive: true });
  for (const [name, spec] of Object.entries(charts)) writeFileSync(join(CHARTS, name), renderBarChart(spec, name.replace(/\.svg$/, '')));
  writeFileSync(DOC, renderDoc(results, resultsFile, charts));
}

function chartsOf(r: BenchResults): Record<string, BarChart> {
  const { booking, pipeline, mailLatency: mail, footprint } = r;
  const mailChart = (rate: RateReport, what: string): BarChart => ({
    title: `Booking → mail at the SMTP server, ${what}`,
    summary: `From the booking's 201 to the end of the mail's SMTP DATA, at ${short(rate.ratePerSecond)} bookings/s; dashed: the goal.`,
    unit: 'ms',
    axisLabel: 'latency',
    better: 'lower',
    series: [OURS, { ...BASELINE, label: 'baseline: raw kafkajs + nodemailer' }],
    groups: [
      {
        label: 'p50 (half of the mails faster)',
        values: [rate.service.p50Ms, rate.baseline.p50Ms],
        goal: { value: mail.goal.p50Ms, label: `goal p50 ≤ ${mail.goal.p50Ms} ms` },
      },
      {
        label: 'p99 (1 in 100 slower)',
        values: [rate.service.p99Ms, rate.baseline.p99Ms],
        goal: { value: mail.goal.p99Ms, label: `goal p99 ≤ ${mail.goal.p99Ms} ms` },
      },
    ],
  });
  return {
    'booking-throughput.svg': {
      title: 'Bookings per second: the HTTP API against raw pg doing the same work',
      summary: `${booking.settings.concurrency} clients booking back to back; raw pg runs the same reads and transaction without the service.`,
      unit: 'bookings/s',
      axisLabel: 'throughput',
      better: 'higher',
      series: [OURS, { ...BASELINE, label: 'baseline: raw pg' }],
      groups: [
        { label: 'bookings per second', values: [booking.throughput.httpBookingsPerSecond, booking.throughput.rawPgTransactionsPerSecond] },
      ],
    },
    'pipeline-throughput.svg': {
      title: 'Events per second: outbox → Kafka → inbox against raw kafkajs',
      summary: `A burst of ${pipeline.settings.burstEvents} events of ${pipeline.settings.eventBytes} bytes, from the first write to the last handled.`,
      unit: 'events/s',
      axisLabel: 'throughput',
      better: 'higher',
      series: [OURS, { ...BASELINE, label: 'baseline: raw kafkajs produce → consume' }],
      groups: [{ label: 'events per second', values: [pipeline.pipeline.eventsPerSecond, pipeline.rawKafkajs.eventsPerSecond] }],
    },
    'pipeline-latency.svg': {
      title: 'Per-event latency: outbox → Kafka → inbox against raw kafkajs',
      summary: `Single events at ${pipeline.settings.latencyRate}/s, from the start of the write to the end of the handler.`,
      unit: 'ms',
      axisLabel: 'latency',
      better: 'lower',
      series: [OURS, { ...BASELINE, label: 'baseline: raw kafkajs produce → consume' }],
      groups: [
        { label: 'p50', values: [pipeline.pipeline.p50Ms, pipeline.rawKafkajs.p50Ms] },
        { label: 'p99', values: [pipeline.pipeline.p99Ms, pipeline.rawKafkajs.p99Ms] },
      ],
    },
    'mail-latency-half-peak.svg': mailChart(mail.halfPeak, 'at half of the peak booking rate'),
    'mail-latency-light.svg': mailChart(mail.light, `at a light ${short(mail.light.ratePerSecond)} bookings/s`),
    'startup.svg': {
      title: 'Time from start to ready: npm start’s entry (all-in-one)',
      summary: 'From spawning the process to the first 200 of /health/ready; first start (schema created, demo data seeded).',
      unit: 's',
      axisLabel: 'start-up time',
      better: 'lower',
      series: [OURS],
      groups: STARTUP_MODES.map((mode) => ({ label: mode, values: [seconds(footprint.startToReadyMs[mode])] })),
    },
    'memory.svg': {
      title: 'Memory (RSS) per process, idle and under a booking load',
      summary: 'Resident set size read from /proc: after ready and a pause, and the highest sample under load.',
      unit: 'MB',
      axisLabel: 'resident memory',
      better: 'lower',
      series: [
        { label: 'idle', color: COLORS.oursLight },
        { label: 'under load (peak)', color: COLORS.ours },
      ],
      groups: FOOTPRINT_PROCESSES.map((name) => ({ label: name, values: [footprint.rssMb[name].idle, footprint.rssMb[name].underLoad] })),
    },
  };
}

function seconds(spread: { median: number; min: number; max: number; runs: number[] }) {
  return { median: spread.median / 1000, min: spread.min / 1000, max: spread.max / 1000, runs: spread.runs.map((v) => v / 1000) };
}

function renderDoc(r: BenchResults, resultsFile: string, charts: Record<string, BarChart>): string {
  const { booking, pipeline, mailLatency: mail, footprint, machine } = r;
  const alt = (file: string) => charts[file].title;
  const stageNames: Record<string, string> = {
    relayPickup: '201 → relay round starts (≤ 0 when the commit woke it before the 201 left)',
    toInbox: 'relay round → inbox transaction starts (Kafka → consumer)',
    dispatcherPickup: 'inbox transaction → dispatcher claims the mail',
    smtp: 'claim → SMTP DATA end (connect, greeting, send)',
  };
  const goalLine = (rate: RateReport) => {
    const p50Miss = rate.service.p50Ms.median - mail.goal.p50Ms;
    const p99Miss = rate.service.p99Ms.median - mail.goal.p99Ms;
    const verdict = (miss: number, goal: number, name: string) =>
      miss <= 0
        ? `${name} met (${short(goal + miss)} ≤ ${goal} ms)`
        : `${name} **missed by ${short(miss)} ms** (${short(goal + miss)} ms against ≤ ${goal} ms)`;
    return `${verdict(p50Miss, mail.goal.p50Ms, 'p50')}; ${verdict(p99Miss, mail.goal.p99Ms, 'p99')}`;
  };
  const stageTable = (rate: RateReport) =>
    table(
      ['stage', 'p50', 'p99'],
      Object.entries(rate.stages).map(([stage, figures]) => [
        stageNames[stage] ?? stage,
        `${short(figures.p50Ms)} ms`,
        `${short(figures.p99Ms)} ms`,
      ]),
    );
  const largest = (rate: RateReport) => Object.entries(rate.stages).sort((a, b) => b[1].p50Ms - a[1].p50Ms)[0];
  const [halfLargest, lightLargest] = [largest(mail.halfPeak), largest(mail.light)];
  const halfTail = Object.entries(mail.halfPeak.stages).sort((a, b) => b[1].p99Ms - a[1].p99Ms)[0];
  // Results from before the dispatcher had several senders carry no mailSenders: it sent one at a time.
  const senders = mail.settings.mailSenders ?? 1;
  const smtpCapacity = (senders * 1000) / mail.light.stages.smtp.p50Ms;
  const rssRows = FOOTPRINT_PROCESSES.map((name) => [
    name,
    cell(footprint.rssMb[name].idle, 'MB'),
    cell(footprint.rssMb[name].underLoad, 'MB'),
  ]);

  return `# Performance

<!-- Generated by bench/report/performance-doc.ts from ${resultsFile}; edit the generator, not this file. -->

Latest figures: **${r.date.slice(0, 16).replace('T', ' ')} UTC**, made with

\`\`\`sh
${r.command}
\`\`\`

(${short(r.durationSeconds / 60)} minutes; raw figures in [\`${resultsFile}\`](../${resultsFile}).)${r.quick ? '\n\n> **BENCH_QUICK=1: a short development run with fewer, smaller runs — not figures to quote.**' : ''}

**Machine:** ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGb} GB RAM, Node ${machine.node}, ${machine.os}.
**Measured on a shared ${machine.cpus}-core machine** while other test suites ran on it: absolute figures are noisy and
low; the min–max spread shows how much. Each benchmark measures its baseline in the same run, so the
ratios are the figures to compare. PostgreSQL and a single Kafka broker run on the same machine.

How to read the figures: every figure is the **median of the runs, with the lowest and highest run
in brackets** — \`148 (140–215)\` — and in the charts the bar is the median and the whisker min–max.
Not part of CI's pass/fail. Regenerate this page from the newest results without measuring:
\`npx swc bench -d dist --quiet && node dist/bench/report/performance-doc.js\`.

## Summary

${table(
  ['what', 'amtsweg', 'baseline, same run', 'ours / baseline'],
  [
    [
      'bookings through HTTP vs raw pg',
      cell(booking.throughput.httpBookingsPerSecond, 'bookings/s'),
      cell(booking.throughput.rawPgTransactionsPerSecond, 'tx/s'),
      cell(booking.throughput.ratio),
    ],
    [
      'event pipeline vs raw kafkajs',
      cell(pipeline.pipeline.eventsPerSecond, 'events/s'),
      cell(pipeline.rawKafkajs.eventsPerSecond, 'events/s'),
      cell(pipeline.throughputRatio),
    ],
    [
      `booking → mail p50 at ${short(mail.halfPeak.ratePerSecond)}/s (goal ≤ ${mail.goal.p50Ms} ms)`,
      cell(mail.halfPeak.service.p50Ms, 'ms'),
      cell(mail.halfPeak.baseline.p50Ms, 'ms'),
      '–',
    ],
    [
      `booking → mail p99 at ${short(mail.halfPeak.ratePerSecond)}/s (goal ≤ ${mail.goal.p99Ms} ms)`,
      cell(mail.halfPeak.service.p99Ms, 'ms'),
      cell(mail.halfPeak.baseline.p99Ms, 'ms'),
      '–',
    ],
    [
      `rush: ${booking.rush.clients} clients on ${booking.rush.slots} slots`,
      `${cell(booking.rush.created)} booked, ${cell(booking.rush.doubleBookings)} double, ${cell(booking.rush.serverErrors)} × 5xx`,
      '–',
      '–',
    ],
    ['npm start → ready (embedded)', cell(seconds(footprint.startToReadyMs.embedded), 's'), '–', '–'],
    [
      'RSS all-in-one, idle / under load (PostgreSQL + Kafka)',
      `${cell(footprint.rssMb['all-in-one, PostgreSQL + Kafka'].idle, 'MB')} / ${cell(footprint.rssMb['all-in-one, PostgreSQL + Kafka'].underLoad, 'MB')}`,
      '–',
      '–',
    ],
  ],
)}

## Booking through HTTP against raw pg

The appointments service as its own process (built, on ${booking.settings.events === 'Kafka' ? 'PostgreSQL and Kafka' : `PostgreSQL, ${booking.settings.events}`}),
${booking.settings.concurrency} clients booking back to back, ${booking.settings.bookingsPerRun} bookings per run, ${booking.settings.runs} runs; the baseline runs the use case's reads
and transaction statement for statement on a plain \`pg\` pool of ${booking.settings.poolSize} connections (no HTTP, validation, ORM).

${chart('booking-throughput.svg', alt('booking-throughput.svg'))}

${table(
  ['', 'throughput'],
  [
    ['HTTP API', cell(booking.throughput.httpBookingsPerSecond, 'bookings/s')],
    ['raw pg, same work', cell(booking.throughput.rawPgTransactionsPerSecond, 'transactions/s')],
    ['ratio HTTP / raw (goal ≥ 0.5)', cell(booking.throughput.ratio)],
  ],
)}

### The rush: ${booking.rush.clients} clients at once on ${booking.rush.slots} slots

All ${booking.rush.clients} requests sent at once, ${booking.settings.runs} runs (a fresh office each time).

${table(
  ['', 'per run'],
  [
    ['booked (201)', cell(booking.rush.created)],
    ['refused, slot taken (409)', cell(booking.rush.conflicts)],
    ['server errors (5xx)', cell(booking.rush.serverErrors)],
    ['double bookings found afterwards', cell(booking.rush.doubleBookings)],
    ['answer time p50', cell(booking.rush.p50Ms, 'ms')],
    ['answer time p99', cell(booking.rush.p99Ms, 'ms')],
    ['whole rush', cell(booking.rush.durationMs, 'ms')],
  ],
)}

## Event pipeline: outbox → Kafka → inbox against raw kafkajs

The eventing library as the services use it (\`BookingFlow\` from \`libs/eventing/src/testing\`): a
transaction appends BookingConfirmedV1 to the appointments outbox, the relay (woken by the commit)
publishes it, messaging's consumer runs the handler in its inbox transaction. Baseline: a bare kafkajs
producer and consumer configured like the bus (idempotent, acks from all replicas, ${pipeline.settings.partitions} partitions,
\`eachMessage\`), the same number of records of the same size (${pipeline.settings.eventBytes} bytes). Throughput: a burst of
${pipeline.settings.burstEvents} events, ${pipeline.settings.eventsPerTransaction} per transaction (per send), ${pipeline.settings.writers} writers. Latency: single events at
${pipeline.settings.latencyRate}/s for ${pipeline.settings.latencySeconds} s, from the start of the write to the end of the handler (the inbox
commit after it is not included; the raw side has none). ${pipeline.settings.runs} runs.

${chart('pipeline-throughput.svg', alt('pipeline-throughput.svg'))}

${chart('pipeline-latency.svg', alt('pipeline-latency.svg'))}

${table(
  ['', 'events/s', `p50 at ${pipeline.settings.latencyRate}/s`, `p99 at ${pipeline.settings.latencyRate}/s`],
  [
    [
      'outbox → Kafka → inbox',
      cell(pipeline.pipeline.eventsPerSecond),
      cell(pipeline.pipeline.p50Ms, 'ms'),
      cell(pipeline.pipeline.p99Ms, 'ms'),
    ],
    [
      'raw kafkajs produce → consume',
      cell(pipeline.rawKafkajs.eventsPerSecond),
      cell(pipeline.rawKafkajs.p50Ms, 'ms'),
      cell(pipeline.rawKafkajs.p99Ms, 'ms'),
    ],
    ['ours / raw', cell(pipeline.throughputRatio), '', ''],
  ],
)}

The pipeline pays per event for what raw kafkajs does not do: an outbox row written and marked
published, and on the consumer side an inbox transaction (deduplication row, the handler's own
write, commit) per event — durability and exactly-once handling, not transport.

## Booking → confirmation mail at the SMTP server

The built all-in-one (\`${'dist/apps/gateway/src/main.js'}\`, what \`npm start\` runs) on PostgreSQL and Kafka, with
\`SMTP_URL\` pointing at a real SMTP server (\`smtp-server\`, tests/support/smtp-sink.ts) in the benchmark
process. Each booking is timed from its 201 to the end of its mail's SMTP DATA. The peak booking rate
of this process was **${short(mail.peakBookingsPerSecond)} bookings/s** (${mail.settings.peakConcurrency} clients, ${mail.settings.peakSeconds} s, closed loop); the runs book at
half of it, **${short(mail.halfPeak.ratePerSecond)}/s**, open loop for ${mail.settings.runSeconds} s, and again at a light **${short(mail.light.ratePerSecond)}/s** for ${mail.settings.lightSeconds} s.
${mail.settings.runs} runs each. Baseline in the same run and at the same rates: bare kafkajs produce → consume, and
on each record a bare nodemailer send, configured like the service's SMTP transport, to the same server.

**Goal p50 ≤ ${mail.goal.p50Ms} ms, p99 ≤ ${mail.goal.p99Ms} ms at half of peak load.**
At ${short(mail.halfPeak.ratePerSecond)} bookings/s: ${goalLine(mail.halfPeak)}.
At ${short(mail.light.ratePerSecond)} bookings/s: ${goalLine(mail.light)}.

${chart('mail-latency-half-peak.svg', alt('mail-latency-half-peak.svg'))}

${chart('mail-latency-light.svg', alt('mail-latency-light.svg'))}

${table(
  ['rate', 'amtsweg p50', 'amtsweg p99', 'baseline p50', 'baseline p99', 'mails per run'],
  [mail.halfPeak, mail.light].map((rate) => [
    `${short(rate.ratePerSecond)} bookings/s`,
    cell(rate.service.p50Ms, 'ms'),
    cell(rate.service.p99Ms, 'ms'),
    cell(rate.baseline.p50Ms, 'ms'),
    cell(rate.baseline.p99Ms, 'ms'),
    cell(rate.service.mails),
  ]),
)}

### Where the time goes

Per booking, from the databases' timestamps and the SMTP server's clock (one host): the relay's
round (\`outbox_event.published_at\`), the inbox transaction (\`outbound_mail.created_at\`), the
dispatcher's claim (\`outbound_mail.sent_at\`), the end of DATA at the server. All runs' bookings pooled.

At half of the peak (${short(mail.halfPeak.ratePerSecond)}/s) — the largest stage is *${stageNames[halfLargest[0]]}*, p50 ${short(halfLargest[1].p50Ms)} ms:

${stageTable(mail.halfPeak)}

At ${short(mail.light.ratePerSecond)}/s — the largest stage is *${stageNames[lightLargest[0]]}*, p50 ${short(lightLargest[1].p50Ms)} ms:

${stageTable(mail.light)}

Why: the relay and the mail dispatcher are both woken by the commit that gives them work, so their
poll intervals (relay ${mail.settings.relayPollMs} ms, the \`OutboxRelay\` default; dispatcher ${mail.settings.dispatcherPollMs} ms,
\`DEFAULT_MAIL_DISPATCH_POLICY.pollMs\`; neither has an environment setting) are only fallbacks, and
Kafka's fetch wait (${mail.settings.kafkaFetchMaxWaitMs} ms at most) ends as soon as a record arrives. The SMTP transport is
${mail.settings.smtpConnection}; this SMTP server holds its greeting 100 ms on every new connection
(\`smtp-server\` catching early talkers), which a pooled transport pays once per connection. The dispatcher
sends ${senders === 1 ? 'one mail at a time' : `up to ${senders} mails at once (\`DEFAULT_MAIL_DISPATCH_POLICY.senders\`), each on a connection of its own`}, so at the light rate's SMTP p50 it manages about ${short(smtpCapacity)} mails/s${
    mail.halfPeak.ratePerSecond > smtpCapacity
      ? `; at ${short(mail.halfPeak.ratePerSecond)} bookings/s mails arrive faster than that and queue in front of it — the queue is
the dispatcher-claim stage above. Above that rate there is no steady state: the latency grows with the length of the
run, so the half-peak figures hold for runs of ${mail.settings.runSeconds} s`
      : `, more than the ${short(mail.halfPeak.ratePerSecond)} bookings/s of the half-peak runs`
  }. The slowest stage at p99 at half of the peak is *${stageNames[halfTail[0]]}* (${short(halfTail[1].p99Ms)} ms): the
tail comes from there, on a machine whose ${machine.cpus} cores the service, PostgreSQL, Kafka and the load share.

## Footprint: memory and start-up

\`npm start\`'s entry (\`dist/apps/gateway/src/main.js\`) from spawn to the first 200 of \`/health/ready\`
(polled every 20 ms): embedded (PGlite under a fresh \`DATA_DIR\`, in-process bus — \`npm start\` without
settings) and on PostgreSQL + Kafka (fresh databases). Both are first starts: the schema is created and
the demo data seeded. ${footprint.settings.runs} runs.

${chart('startup.svg', alt('startup.svg'))}

${table(
  ['', 'start → ready'],
  [
    ...STARTUP_MODES.map((mode) => [`all-in-one, ${mode}`, cell(seconds(footprint.startToReadyMs[mode]), 's')]),
    ...Object.entries(footprint.separateStartToReadyMs).map(([name, spread]) => [
      `${name} alone (PostgreSQL + Kafka, started one after another)`,
      cell(seconds(spread), 's'),
    ]),
  ],
)}

Resident memory (RSS, from \`/proc/<pid>/status\`) of each process ${short(footprint.settings.idleSettleMs / 1000)} s after ready (idle) and its
highest sample (every 100 ms) while ${footprint.settings.loadConcurrency} clients book through the public API for ${footprint.settings.loadSeconds} s (the demo
tenant). The separate services run on PostgreSQL + Kafka with the gateway forwarding to them.
Bookings/s achieved under that load: embedded ${cell(footprint.loadBookingsPerSecond.embedded)}, all-in-one on PostgreSQL + Kafka
${cell(footprint.loadBookingsPerSecond.postgresKafka)}, separate processes ${cell(footprint.loadBookingsPerSecond.separate)}.

${chart('memory.svg', alt('memory.svg'))}

${table(['process', 'idle', 'under load (peak)'], rssRows)}

The embedded all-in-one carries PGlite (PostgreSQL compiled to WebAssembly) inside the Node process,
which is most of the difference to the all-in-one on a PostgreSQL server.

${olderBenchmarksSection()}`;
}

if (require.main === module) {
  const file = latestResultFile('bench-');
  if (!file) {
    console.error('no bench/results/bench-<date>.json yet: run npm run bench');
    process.exit(2);
  }
  writePerformanceDoc(readJson<BenchResults>(file), file);
  console.log(`${DOC} and ${CHARTS}/ regenerated from ${file}`);
}
