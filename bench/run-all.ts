/**
 * npm run bench — every benchmark of issue #8 in one run, ≥ 5 runs each (BENCH_QUICK=1: a short
 * development run): booking through HTTP vs raw pg and the rush, the event pipeline vs raw kafkajs,
 * booking → mail latency, footprint (memory, start-up). Writes bench/results/bench-<date>.json and
 * regenerates docs/performance.md with its charts. Needs KAFKA_BROKERS and DATABASE_URL.
 */
import { deleteKafkaPrefix, type Infrastructure } from '../libs/eventing/src/testing';
import { BOOKING_BENCH_DEFAULTS, runBookingBench, type BookingBenchSettings } from './booking.bench';
import { FOOTPRINT_DEFAULTS, runFootprintBench } from './footprint.bench';
import { benchTopicPrefix, QUICK, requireInfrastructure } from './infrastructure';
import { MAIL_LATENCY_DEFAULTS, runMailLatencyBench } from './mail-latency.bench';
import { PIPELINE_DEFAULTS, runPipelineBench } from './pipeline.bench';
import { writePerformanceDoc } from './report/performance-doc';
import { commandLine, machine, writeResults, type BenchResults } from './report/results';

const BOOKING_SETTINGS: BookingBenchSettings = QUICK ? { runs: 3, bookingsPerRun: 150 } : BOOKING_BENCH_DEFAULTS;

async function main(): Promise<void> {
  const infrastructure = requireInfrastructure('npm run bench');
  const date = new Date().toISOString();
  const started = performance.now();
  const section = (name: string) => console.log(`\n=== ${name} (${Math.round((performance.now() - started) / 1000)} s in) ===`);

  section('booking: HTTP vs raw pg, and the rush');
  const booking = await bookingOnKafka(infrastructure);
  section('event pipeline: outbox → Kafka → inbox vs raw kafkajs');
  const pipeline = await runPipelineBench(PIPELINE_DEFAULTS, infrastructure);
  section('booking → mail at the SMTP server');
  const mailLatency = await runMailLatencyBench(MAIL_LATENCY_DEFAULTS, infrastructure);
  section('footprint: memory and start-up');
  const footprint = await runFootprintBench(FOOTPRINT_DEFAULTS, infrastructure);

  const results: BenchResults = {
    benchmark: 'bench',
    date,
    command: commandLine(),
    quick: QUICK,
    durationSeconds: Math.round((performance.now() - started) / 1000),
    machine: machine(),
    booking,
    pipeline,
    mailLatency,
    footprint,
  };
  const file = writeResults(results);
  writePerformanceDoc(results, file);
  console.log(`\nwritten ${file}, docs/performance.md and docs/charts/ (${results.durationSeconds} s)`);
}

/** The booking benchmark's service on Kafka as in production, under a topic prefix of its own, deleted after. */
async function bookingOnKafka(infrastructure: Infrastructure) {
  const prefix = benchTopicPrefix('booking');
  const saved = process.env.KAFKA_TOPIC_PREFIX;
  // The benchmark hands its environment to the service it starts.
  process.env.KAFKA_TOPIC_PREFIX = prefix;
  try {
    return await runBookingBench(BOOKING_SETTINGS);
  } finally {
    if (saved === undefined) delete process.env.KAFKA_TOPIC_PREFIX;
    else process.env.KAFKA_TOPIC_PREFIX = saved;
    await deleteKafkaPrefix(infrastructure.kafkaBrokers, prefix);
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
