/**
 * npm run bench:pipeline — the event pipeline of the eventing library (a use case's transaction
 * appends to the outbox → the relay publishes to Kafka → the consumer's inbox transaction runs the
 * handler) against bare kafkajs produce → consume of the same number of records of the same size, in
 * the same run, on the broker KAFKA_BROKERS names (a topic prefix of its own, deleted afterwards).
 * Per run and side:
 *  - throughput: a burst of `burstEvents`, 10 per transaction (per send), 4 writers; events/s from
 *    the first write to the last event handled;
 *  - latency: single events at a fixed rate (`latencyRate`/s for `latencySeconds`), each timed from
 *    the start of its transaction (its send) to the end of its handler (its eachMessage).
 * Needs KAFKA_BROKERS and DATABASE_URL (a throwaway database is created and dropped).
 */
import { newId } from '../libs/platform/src';
import { bookingConfirmed, confirmedEnvelope } from '../libs/eventing/src/testing/booking-events';
import { BookingFlow, openBookingFlowDatabases, type BookingFlowOptions } from '../libs/eventing/src/testing/booking-flow';
import { deleteKafkaPrefix, TestDatabase, waitFor, type Infrastructure } from '../libs/eventing/src/testing';
import { benchTopicPrefix, handledLater, QUICK, requireInfrastructure } from './infrastructure';
import { RawKafkaPipe } from './raw-kafka';
import { formatSpread, percentile, round, spread, type Spread } from './stats';
import { withConcurrency } from './http-client';

export interface PipelineSettings {
  runs: number;
  burstEvents: number;
  eventsPerTransaction: number;
  writers: number;
  latencyRate: number;
  latencySeconds: number;
}

export const PIPELINE_DEFAULTS: PipelineSettings = QUICK
  ? { runs: 3, burstEvents: 300, eventsPerTransaction: 10, writers: 4, latencyRate: 50, latencySeconds: 2 }
  : { runs: 5, burstEvents: 2_000, eventsPerTransaction: 10, writers: 4, latencyRate: 100, latencySeconds: 5 };

interface SideRun {
  eventsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
}

interface SideSummary {
  eventsPerSecond: Spread;
  p50Ms: Spread;
  p99Ms: Spread;
}

export interface PipelineReport {
  settings: PipelineSettings & { eventBytes: number; partitions: number };
  pipeline: SideSummary;
  rawKafkajs: SideSummary;
  /** Ours / raw, per run. */
  throughputRatio: Spread;
}

/** Two stages of one side: a burst for throughput, then single events at a steady rate for latency. */
interface Side {
  /** Writes these events in one transaction (one send); resolves when written. */
  write(references: string[]): Promise<void>;
  /** When each reference was handled (performance.now()). */
  handledAt: Map<string, number>;
}

const HANDLED_TIMEOUT_MS = 120_000;

export async function runPipelineBench(settings: PipelineSettings, { kafkaBrokers, databaseUrl }: Infrastructure): Promise<PipelineReport> {
  const database = TestDatabase.named(databaseUrl);
  const topicPrefix = benchTopicPrefix('pipeline');
  let databases: BookingFlowOptions['databases'] | undefined;
  let flow: BookingFlow | undefined;
  const pipes: RawKafkaPipe[] = [];
  try {
    databases = await openBookingFlowDatabases({ kind: 'postgres', url: database.url });
    flow = await BookingFlow.start({ eventing: { kafkaBrokers, topicPrefix }, databases });
    const ours = pipelineSide(flow);
    // The raw side sends what the relay would: the envelope of the same event, as JSON.
    const sample = Buffer.from(JSON.stringify(confirmedEnvelope(bookingConfirmed('SIZE-0000'))));
    const rawHandled = new Map<string, number>();
    const pipe = await RawKafkaPipe.open(kafkaBrokers, `${topicPrefix}raw`, ({ key }) => void rawHandled.set(key, performance.now()));
    pipes.push(pipe);
    const raw: Side = {
      handledAt: rawHandled,
      write: (references) => pipe.send(references.map((key) => ({ key, value: sample }))),
    };
    // Warm-up of both: connections, topic metadata, the consumers' first fetches, JIT.
    await burst(ours, 'W', 0, { ...settings, burstEvents: 50 });
    await burst(raw, 'W', 0, { ...settings, burstEvents: 50 });

    const oursRuns: SideRun[] = [];
    const rawRuns: SideRun[] = [];
    for (let run = 1; run <= settings.runs; run++) {
      oursRuns.push({ eventsPerSecond: await burst(ours, 'T', run, settings), ...(await steady(ours, 'L', run, settings)) });
      rawRuns.push({ eventsPerSecond: await burst(raw, 'T', run, settings), ...(await steady(raw, 'L', run, settings)) });
      const [o, r] = [oursRuns.at(-1)!, rawRuns.at(-1)!];
      console.log(
        `pipeline run ${run}: outbox → Kafka → inbox ${round(o.eventsPerSecond)} events/s, p50 ${round(o.p50Ms)} ms, p99 ${round(o.p99Ms)} ms; ` +
          `raw kafkajs ${round(r.eventsPerSecond)} events/s, p50 ${round(r.p50Ms)} ms, p99 ${round(r.p99Ms)} ms`,
      );
    }
    const summary = (runs: SideRun[]): SideSummary => ({
      eventsPerSecond: spread(runs.map((r) => r.eventsPerSecond)),
      p50Ms: spread(runs.map((r) => r.p50Ms)),
      p99Ms: spread(runs.map((r) => r.p99Ms)),
    });
    const report: PipelineReport = {
      settings: { ...settings, eventBytes: sample.length, partitions: 3 },
      pipeline: summary(oursRuns),
      rawKafkajs: summary(rawRuns),
      throughputRatio: spread(oursRuns.map((o, i) => o.eventsPerSecond / rawRuns[i].eventsPerSecond)),
    };
    printPipeline(report);
    return report;
  } finally {
    await Promise.all(pipes.map((pipe) => pipe.close()));
    await flow?.close();
    await Promise.all(Object.values(databases ?? {}).map((dataSource) => dataSource.destroy()));
    await database.drop();
    await deleteKafkaPrefix(kafkaBrokers, topicPrefix);
  }
}

/** Ours: BookingConfirmedV1 through the outbox of `appointments`, handled by `messaging` in its inbox transaction. */
function pipelineSide(flow: BookingFlow): Side {
  const handledAt = new Map<string, number>();
  const handler = flow.handlers.messaging;
  const handle = handler.handle.bind(handler);
  // Timed when the handler has done its work, before the inbox commits: the raw side's eachMessage has no commit either.
  handler.handle = async (event, context) => {
    await handle(event, context);
    handledAt.set(event.reference, performance.now());
  };
  return {
    handledAt,
    write: async (references) => void (await flow.confirm(references.map((reference) => ({ subject: newId(), reference })))),
  };
}

/** `P` + stage + 2-digit run, then a 4-digit index: a valid booking reference, unique per run. */
function references(stage: string, run: number, count: number): string[] {
  const head = `P${stage}${String(run).padStart(2, '0')}`;
  return Array.from({ length: count }, (_, i) => `${head}-${String(i).padStart(4, '0')}`);
}

async function burst(side: Side, stage: string, run: number, settings: PipelineSettings): Promise<number> {
  const all = references(stage, run, settings.burstEvents);
  const chunks = Array.from({ length: Math.ceil(all.length / settings.eventsPerTransaction) }, (_, i) =>
    all.slice(i * settings.eventsPerTransaction, (i + 1) * settings.eventsPerTransaction),
  );
  const started = performance.now();
  await withConcurrency(
    settings.writers,
    chunks.map((chunk) => () => side.write(chunk)),
  );
  await allHandled(side, all);
  const last = Math.max(...all.map((reference) => side.handledAt.get(reference)!));
  return all.length / ((last - started) / 1000);
}

/** Open loop: each event leaves at its planned time, whether or not earlier ones were handled. */
async function steady(side: Side, stage: string, run: number, settings: PipelineSettings): Promise<Pick<SideRun, 'p50Ms' | 'p99Ms'>> {
  const all = references(stage, run, Math.round(settings.latencyRate * settings.latencySeconds));
  const startedAt = new Map<string, number>();
  const writes: Array<Promise<void>> = [];
  const started = performance.now();
  for (let i = 0; i < all.length; i++) {
    const wait = started + (i * 1000) / settings.latencyRate - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    startedAt.set(all[i], performance.now());
    writes.push(handledLater(side.write([all[i]])));
  }
  await Promise.all(writes);
  await allHandled(side, all);
  const latencies = all.map((reference) => side.handledAt.get(reference)! - startedAt.get(reference)!).sort((a, b) => a - b);
  return { p50Ms: percentile(latencies, 50), p99Ms: percentile(latencies, 99) };
}

async function allHandled(side: Side, all: string[]): Promise<void> {
  await waitFor(
    `${all.length} events handled`,
    () => all.filter((reference) => side.handledAt.has(reference)).length,
    (handled) => handled === all.length,
    { timeoutMs: HANDLED_TIMEOUT_MS, intervalMs: 5 },
  );
}

function printPipeline(report: PipelineReport): void {
  const { pipeline, rawKafkajs, throughputRatio, settings } = report;
  console.log(`\nevent pipeline, ${settings.runs} runs (median, min, max); events of ${settings.eventBytes} bytes`);
  console.log(`  outbox → Kafka → inbox   ${formatSpread(pipeline.eventsPerSecond, 'events/s')}`);
  console.log(`  raw kafkajs              ${formatSpread(rawKafkajs.eventsPerSecond, 'events/s')}`);
  console.log(`  ratio ours / raw         ${formatSpread(throughputRatio, '', 2)}`);
  console.log(
    `  latency at ${settings.latencyRate}/s, ours    p50 ${formatSpread(pipeline.p50Ms, 'ms')}, p99 ${formatSpread(pipeline.p99Ms, 'ms')}`,
  );
  console.log(
    `  latency at ${settings.latencyRate}/s, raw     p50 ${formatSpread(rawKafkajs.p50Ms, 'ms')}, p99 ${formatSpread(rawKafkajs.p99Ms, 'ms')}\n`,
  );
}

if (require.main === module) {
  runPipelineBench(PIPELINE_DEFAULTS, requireInfrastructure('npm run bench:pipeline')).then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
