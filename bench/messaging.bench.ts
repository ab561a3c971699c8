/**
 * npm run bench:messaging — real-time delivery across two messaging instances on Kafka and
 * PostgreSQL. Two messaging processes share one database and one broker; user A posts through the
 * HTTP API of instance one, user B listens on the Server-Sent Events stream of instance two. Measured:
 *  - post → receipt latency (p50, p99) at a fixed offered rate (BENCH_RATE, default 200 messages/s,
 *    for BENCH_DURATION_S, default 15 s), against a raw kafkajs produce → consume round trip on a
 *    fresh topic at the same rate, in the same run (idempotent producer, acks from all replicas,
 *    `eachMessage`, as the service's bus does);
 *  - the same at a light rate (BENCH_LIGHT_RATE, default 20 messages/s, for BENCH_DURATION_S): the
 *    pipeline's own latency, without queueing in front of the database;
 *  - the most messages/s the pair delivers: BENCH_POSTERS (default 32) clients post back to back for
 *    BENCH_SATURATION_S (default 10 s); delivered/s counts what reached B's stream.
 * B behaves like an open chat window: it marks the conversation read once a second, so its unread
 * count (pushed with every message, counted over the unread messages) stays as small as in real use.
 * BENCH_RUNS (default 3) runs; the medians with min and max are reported. Needs KAFKA_BROKERS and
 * DATABASE_URL; a throwaway database and topic prefix are created and removed.
 * Prints a table, writes bench/results/messaging-<date>.json.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { SseClient } from '../libs/platform/src/testing';
import { demoUserToken, demoUserId } from '../libs/platform/src/testing';
import { deleteKafkaPrefix, TestDatabase } from '../libs/eventing/src/testing';
import { DevSigningKey } from '../libs/platform/src/identity/dev-signing-key';
import { formatSpread, percentile, round, spread, type Spread } from './stats';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const RATE = Number(process.env.BENCH_RATE ?? 200);
const LIGHT_RATE = Number(process.env.BENCH_LIGHT_RATE ?? 20);
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 15);
const POSTERS = Number(process.env.BENCH_POSTERS ?? 32);
const SATURATION_S = Number(process.env.BENCH_SATURATION_S ?? 10);
const PORTS = [Number(process.env.BENCH_PORT ?? 3931), Number(process.env.BENCH_PORT ?? 3931) + 1];
/** Extra node flags for the two instances, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` to see where the time goes. */
const SERVICE_NODE_ARGS = (process.env.BENCH_SERVICE_NODE_ARGS ?? '').split(' ').filter(Boolean);
/** A message not on B's stream this long after the last post counts as lost. */
const DRAIN_MS = 10_000;
const A = 'staff@demo.example';
const B = 'clerk@demo.example';

interface LatencyRun {
  sent: number;
  received: number;
  httpErrors: number;
  /** What the failed posts got: an HTTP status, or the client's error code (e.g. a connect timeout under overload). */
  errorKinds: Record<string, number>;
  p50: number;
  p99: number;
  max: number;
  /** How long the API took to answer the post (201): the part of the latency spent before the event exists. */
  postP50: number;
  postP99: number;
}

interface SaturationRun {
  postedPerSecond: number;
  deliveredPerSecond: number;
  received: number;
  p50: number;
  p99: number;
}

interface Instances {
  one: string;
  two: string;
  token: Record<string, string>;
}

async function main(): Promise<void> {
  const brokers =
    process.env.KAFKA_BROKERS?.split(',')
      .map((b) => b.trim())
      .filter(Boolean) ?? [];
  const serverUrl = process.env.DATABASE_URL;
  if (brokers.length === 0 || !serverUrl) {
    console.error(
      'bench:messaging needs KAFKA_BROKERS and DATABASE_URL (a broker and a PostgreSQL server), e.g.\n' +
        '  KAFKA_BROKERS=127.0.0.1:19092 DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench:messaging',
    );
    process.exitCode = 2;
    return;
  }
  const database = TestDatabase.named(serverUrl);
  const topicPrefix = `bench-${randomBytes(4).toString('hex')}.`;
  const dataDir = mkdtempSync(join(tmpdir(), 'amtsweg-bench-messaging-'));
  // One development key for both instances (they would race to create it) and for the tokens.
  await DevSigningKey.loadOrCreate(dataDir);
  const env = {
    ...process.env,
    NODE_ENV: 'development',
    LOG_LEVEL: 'warn',
    DATA_DIR: dataDir,
    DATABASE_URL: serverUrl,
    MESSAGING_DATABASE_URL: database.url,
    KAFKA_BROKERS: brokers.join(','),
    KAFKA_TOPIC_PREFIX: topicPrefix,
    // The same issuer for both instances: tokens are valid on either.
    PUBLIC_URL: `http://127.0.0.1:${PORTS[0]}`,
  };
  const children: ChildProcess[] = [];
  try {
    // One after the other: the first creates and migrates the database.
    for (const port of PORTS) children.push(await startMessaging(port, env));
    const config = { DATA_DIR: dataDir, issuer: env.PUBLIC_URL, OIDC_AUDIENCE: 'amtsweg' };
    const instances: Instances = {
      one: `http://127.0.0.1:${PORTS[0]}`,
      two: `http://127.0.0.1:${PORTS[1]}`,
      token: { [A]: await demoUserToken(config, A), [B]: await demoUserToken(config, B) },
    };
    const conversationId = await openConversation(instances);
    // Warm-up: connections, JIT, the live consumer groups' first fetches.
    await latencyRun(instances, conversationId, 'warmup', 50, 2);

    const service: LatencyRun[] = [];
    const light: LatencyRun[] = [];
    const raw: LatencyRun[] = [];
    const saturation: SaturationRun[] = [];
    for (let run = 0; run < RUNS; run++) {
      service.push(await latencyRun(instances, conversationId, `run${run}`, RATE, DURATION_S));
      light.push(await latencyRun(instances, conversationId, `light${run}`, LIGHT_RATE, DURATION_S));
      raw.push(await rawKafkaRun(brokers, `${topicPrefix}raw-${run}`, RATE, DURATION_S));
      saturation.push(await saturationRun(instances, conversationId, `sat${run}`));
      const [s, l, r, t] = [service[run], light[run], raw[run], saturation[run]];
      console.log(
        `run ${run + 1}: service p50 ${round(s.p50)} ms, p99 ${round(s.p99)} ms (${s.received}/${s.sent} received, ${s.httpErrors} failed posts ${JSON.stringify(s.errorKinds)}); ` +
          `at ${LIGHT_RATE}/s p50 ${round(l.p50)} ms, p99 ${round(l.p99)} ms; ` +
          `raw kafkajs p50 ${round(r.p50)} ms, p99 ${round(r.p99)} ms; saturated ${round(t.deliveredPerSecond)} delivered/s`,
      );
    }

    const report = {
      benchmark: 'messaging',
      date: new Date().toISOString(),
      machine: { cpus: cpus().length, node: process.version },
      settings: {
        runs: RUNS,
        ratePerSecond: RATE,
        lightRatePerSecond: LIGHT_RATE,
        durationSeconds: DURATION_S,
        posters: POSTERS,
        saturationSeconds: SATURATION_S,
        instances: 2,
      },
      latency: {
        service: summarise(service),
        serviceAtLightRate: summarise(light),
        rawKafkajs: summarise(raw),
        goal: 'p99 ≤ 100 ms at 200 messages/s',
      },
      throughput: {
        deliveredPerSecond: spread(saturation.map((s) => s.deliveredPerSecond)),
        postedPerSecond: spread(saturation.map((s) => s.postedPerSecond)),
        p50Ms: spread(saturation.map((s) => s.p50)),
        p99Ms: spread(saturation.map((s) => s.p99)),
      },
    };
    printTable(report.latency.service, report.latency.serviceAtLightRate, report.latency.rawKafkajs, report.throughput.deliveredPerSecond);
    mkdirSync('bench/results', { recursive: true });
    const file = join('bench/results', `messaging-${report.date.slice(0, 10)}.json`);
    writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
    console.log(`written ${file}`);
  } finally {
    await Promise.all(children.map(stop));
    await database.drop().catch((error: unknown) => console.error(`could not drop the bench database: ${(error as Error).message}`));
    await deleteKafkaPrefix(brokers, topicPrefix).catch((error: unknown) =>
      console.error(`could not delete the bench topics: ${(error as Error).message}`),
    );
  }
}

/** Posts at `rate`/s for `seconds` on instance one; B's stream on instance two times each arrival. */
async function latencyRun(instances: Instances, conversationId: string, tag: string, rate: number, seconds: number): Promise<LatencyRun> {
  const stream = await openStream(instances, conversationId);
  try {
    const total = Math.round(rate * seconds);
    const sentAt = new Map<string, number>();
    const postMs: number[] = [];
    let httpErrors = 0;
    const errorKinds: Record<string, number> = {};
    const posts: Array<Promise<void>> = [];
    const started = performance.now();
    // Open loop: each message leaves at its planned time, whether or not earlier ones were answered.
    for (let i = 0; i < total; i++) {
      const due = started + (i * 1000) / rate;
      const wait = due - performance.now();
      if (wait > 1) await sleep(wait);
      const body = `${tag}-${i}`;
      sentAt.set(body, performance.now());
      posts.push(
        post(instances, conversationId, body).then(
          (ms) => void postMs.push(ms),
          (error: unknown) => {
            httpErrors++;
            const kind = failureKind(error);
            errorKinds[kind] = (errorKinds[kind] ?? 0) + 1;
          },
        ),
      );
    }
    await Promise.all(posts);
    const { latencies } = await collect(stream, sentAt, total - httpErrors);
    const sortedPost = postMs.sort((a, b) => a - b);
    return {
      sent: total,
      received: latencies.length,
      httpErrors,
      errorKinds,
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      max: latencies[latencies.length - 1] ?? NaN,
      postP50: percentile(sortedPost, 50),
      postP99: percentile(sortedPost, 99),
    };
  } finally {
    stream.close();
  }
}

/** POSTERS clients post back to back; what reaches B's stream per second is the pair's throughput. */
async function saturationRun(instances: Instances, conversationId: string, tag: string): Promise<SaturationRun> {
  const stream = await openStream(instances, conversationId);
  try {
    const sentAt = new Map<string, number>();
    const until = performance.now() + SATURATION_S * 1000;
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: POSTERS }, async () => {
        while (performance.now() < until) {
          const body = `${tag}-${next++}`;
          sentAt.set(body, performance.now());
          await post(instances, conversationId, body).catch(() => sentAt.delete(body));
        }
      }),
    );
    const postedSeconds = (performance.now() - started) / 1000;
    const { latencies, lastAt } = await collect(stream, sentAt, sentAt.size);
    return {
      postedPerSecond: sentAt.size / postedSeconds,
      deliveredPerSecond: latencies.length / ((lastAt - started) / 1000),
      received: latencies.length,
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
    };
  } finally {
    stream.close();
  }
}

/**
 * Waits until `expected` messages of this round are on the stream (or DRAIN_MS pass): their
 * latencies, sorted, and when the last one arrived.
 */
async function collect(stream: SseClient, sentAt: Map<string, number>, expected: number): Promise<{ latencies: number[]; lastAt: number }> {
  const deadline = performance.now() + DRAIN_MS;
  const arrivals = () => stream.events.filter((e) => e.event === 'message.posted' && sentAt.has((e.data as { body: string }).body));
  while (arrivals().length < expected && performance.now() < deadline) await sleep(50);
  const arrived = arrivals();
  return {
    latencies: arrived.map((e) => e.receivedAt - sentAt.get((e.data as { body: string }).body)!).sort((a, b) => a - b),
    lastAt: Math.max(0, ...arrived.map((e) => e.receivedAt)),
  };
}

/** The baseline: the same rate through a bare kafkajs producer and consumer on a fresh topic. */
async function rawKafkaRun(brokers: string[], topic: string, rate: number, seconds: number): Promise<LatencyRun> {
  const kafka = new Kafka({ clientId: 'amtsweg-bench-raw', brokers, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
  await admin.disconnect();
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
  const consumer = kafka.consumer({ groupId: `${topic}-group`, allowAutoTopicCreation: false });
  await Promise.all([producer.connect(), consumer.connect()]);
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  try {
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
    await consumer.run({
      eachMessage: async ({ message }) => {
        const at = sentAt.get(message.value?.toString() ?? '');
        if (at !== undefined) latencies.push(performance.now() - at);
      },
    });
    await joined;
    const total = Math.round(rate * seconds);
    let errors = 0;
    const sends: Array<Promise<void>> = [];
    const started = performance.now();
    for (let i = 0; i < total; i++) {
      const wait = started + (i * 1000) / rate - performance.now();
      if (wait > 1) await sleep(wait);
      const value = `raw-${i}`;
      sentAt.set(value, performance.now());
      sends.push(
        producer.send({ topic, acks: -1, messages: [{ key: 'conversation', value }] }).then(
          () => undefined,
          () => void errors++,
        ),
      );
    }
    await Promise.all(sends);
    const deadline = performance.now() + DRAIN_MS;
    while (latencies.length < total - errors && performance.now() < deadline) await sleep(50);
    const sorted = [...latencies].sort((a, b) => a - b);
    return {
      sent: total,
      received: sorted.length,
      httpErrors: errors,
      errorKinds: {},
      p50: percentile(sorted, 50),
      p99: percentile(sorted, 99),
      max: sorted[sorted.length - 1] ?? NaN,
      postP50: NaN,
      postP99: NaN,
    };
  } finally {
    await Promise.all([producer.disconnect(), consumer.disconnect()]);
  }
}

async function openConversation(instances: Instances): Promise<string> {
  const response = await fetch(`${instances.one}/api/v1/tenants/demo/conversations`, {
    method: 'POST',
    headers: { authorization: `Bearer ${instances.token[A]}`, 'content-type': 'application/json' },
    body: JSON.stringify({ kind: 'direct', memberId: demoUserId(B) }),
  });
  if (response.status !== 201 && response.status !== 200) throw new Error(`opening the conversation answered ${response.status}`);
  return ((await response.json()) as { id: string }).id;
}

/** B's stream on instance two, marking the conversation read once a second until closed. */
async function openStream(instances: Instances, conversationId: string): Promise<SseClient> {
  const stream = await SseClient.open(`${instances.two}/api/v1/tenants/demo/stream?access_token=${encodeURIComponent(instances.token[B])}`);
  let markedUpTo: string | undefined;
  const reader = setInterval(() => {
    const latest = stream.events.findLast((e) => e.event === 'message.posted')?.data as { id: string } | undefined;
    if (!latest || latest.id === markedUpTo) return;
    markedUpTo = latest.id;
    void fetch(`${instances.two}/api/v1/tenants/demo/conversations/${conversationId}/read`, {
      method: 'POST',
      headers: { authorization: `Bearer ${instances.token[B]}`, 'content-type': 'application/json' },
      body: JSON.stringify({ messageId: latest.id }),
    }).then(
      (response) => response.arrayBuffer(),
      () => undefined,
    );
  }, 1_000);
  const close = stream.close.bind(stream);
  stream.close = () => {
    clearInterval(reader);
    close();
  };
  await sleep(200);
  return stream;
}

/** Resolves with the time the API took to answer 201; rejects on any other answer. */
async function post(instances: Instances, conversationId: string, body: string): Promise<number> {
  const started = performance.now();
  const response = await fetch(`${instances.one}/api/v1/tenants/demo/conversations/${conversationId}/messages`, {
    method: 'POST',
    headers: { authorization: `Bearer ${instances.token[A]}`, 'content-type': 'application/json' },
    body: JSON.stringify({ body }),
  });
  await response.arrayBuffer();
  if (response.status !== 201) throw Object.assign(new Error(`posting answered ${response.status}`), { status: response.status });
  return performance.now() - started;
}

function failureKind(error: unknown): string {
  const { status, cause, name } = error as { status?: number; cause?: { code?: string }; name?: string };
  return status ? `HTTP ${status}` : (cause?.code ?? name ?? 'error');
}

async function startMessaging(port: number, env: NodeJS.ProcessEnv): Promise<ChildProcess> {
  const child = spawn(process.execPath, [...SERVICE_NODE_ARGS, 'dist/apps/messaging/src/main.js'], {
    env: { ...env, PORT: String(port) },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`messaging on port ${port} exited with ${child.exitCode}`);
    const ready = await fetch(`http://127.0.0.1:${port}/health/ready`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) return child;
    await sleep(250);
  }
  child.kill('SIGKILL');
  throw new Error(`messaging on port ${port} did not become ready within 90 s`);
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await Promise.race([exited, sleep(10_000)]);
  if (child.exitCode === null) child.kill('SIGKILL');
}

interface LatencySummary extends Record<string, Spread | Array<Record<string, number>>> {
  p50Ms: Spread;
  p99Ms: Spread;
  postAnswerP50Ms: Spread;
  postAnswerP99Ms: Spread;
  errorKinds: Array<Record<string, number>>;
}

function summarise(runs: LatencyRun[]): LatencySummary {
  return {
    p50Ms: spread(runs.map((r) => r.p50)),
    p99Ms: spread(runs.map((r) => r.p99)),
    maxMs: spread(runs.map((r) => r.max)),
    received: spread(runs.map((r) => r.received)),
    sent: spread(runs.map((r) => r.sent)),
    errors: spread(runs.map((r) => r.httpErrors)),
    errorKinds: runs.map((r) => r.errorKinds),
    postAnswerP50Ms: spread(runs.map((r) => r.postP50)),
    postAnswerP99Ms: spread(runs.map((r) => r.postP99)),
  };
}

function printTable(service: LatencySummary, light: LatencySummary, raw: LatencySummary, delivered: Spread): void {
  console.log(`\nmessaging: two instances on Kafka + PostgreSQL, ${RATE} messages/s for ${DURATION_S} s, ${RUNS} runs (median, min, max)`);
  console.log(`  post → receipt on instance two   p50 ${formatSpread(service.p50Ms, 'ms')}`);
  console.log(`                                   p99 ${formatSpread(service.p99Ms, 'ms')}`);
  console.log(
    `  answer to the post (201)         p50 ${formatSpread(service.postAnswerP50Ms, 'ms')}, p99 ${formatSpread(service.postAnswerP99Ms, 'ms')}`,
  );
  console.log(
    `  the same at ${LIGHT_RATE} messages/s         p50 ${formatSpread(light.p50Ms, 'ms')}, p99 ${formatSpread(light.p99Ms, 'ms')}`,
  );
  console.log(`  raw kafkajs produce → consume    p50 ${formatSpread(raw.p50Ms, 'ms')}`);
  console.log(`                                   p99 ${formatSpread(raw.p99Ms, 'ms')}`);
  console.log(`  delivered with ${POSTERS} posters         ${formatSpread(delivered, 'messages/s')}\n`);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
