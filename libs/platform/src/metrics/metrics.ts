import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Histogram, Registry } from 'prom-client';
import { RoundMetrics } from '../schedule/round-metrics';

/** Seconds; from a cached read (~1 ms) to a slow PDF signature. */
const HTTP_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * The process's Prometheus registry, served at `/metrics`. One per app (not prom-client's global
 * one), so several apps in one test process never collide; libraries add their own series to it.
 */
@Injectable()
export class Metrics {
  readonly registry = new Registry();
  readonly httpRequestDuration: Histogram<'method' | 'route' | 'status'>;
  /** Every RoundScheduler's rounds: duration and failures by round name. */
  readonly rounds: RoundMetrics;

  constructor() {
    collectDefaultMetrics({ register: this.registry });
    this.httpRequestDuration = new Histogram({
      name: 'http_server_request_duration_seconds',
      help: 'HTTP requests by method, route template and status, from first byte in to last byte out.',
      labelNames: ['method', 'route', 'status'],
      buckets: HTTP_BUCKETS,
      registers: [this.registry],
    });
    this.rounds = new RoundMetrics(this.registry);
  }
}
