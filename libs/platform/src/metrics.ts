import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** One registry per process; exposed at `/metrics` in Prometheus format. Labels never carry personal data. */
export class Metrics {
  readonly registry = new Registry();

  readonly requestDuration = new Histogram({
    name: 'pruvodce_graphql_request_duration_seconds',
    help: 'GraphQL request latency by operation type and outcome',
    labelNames: ['operation', 'outcome'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });

  readonly commandOutcomes = new Counter({
    name: 'pruvodce_command_outcomes_total',
    help: 'Commands by name and outcome code (OK, a rejection code, CONFLICT, ERROR)',
    labelNames: ['command', 'code'] as const,
    registers: [this.registry],
  });

  private projectionLagSource: (() => Promise<readonly { name: string; lag: string }[]>) | null = null;

  readonly projectionLag: Gauge<'projection'> = new Gauge({
    name: 'pruvodce_projection_lag_events',
    help: 'Events between the store head and each projection checkpoint',
    labelNames: ['projection'] as const,
    registers: [this.registry],
    // Read at scrape time, so the figure is never older than the scrape itself.
    collect: async () => {
      if (this.projectionLagSource === null) return;
      for (const { name, lag } of await this.projectionLagSource())
        this.projectionLag.set({ projection: name }, Number(lag));
    },
  });

  /** Where the projection lag is read from at each scrape (the runtime's projection status). */
  observeProjectionLag(source: () => Promise<readonly { name: string; lag: string }[]>): void {
    this.projectionLagSource = source;
  }

  readonly jobOutcomes = new Counter({
    name: 'pruvodce_job_outcomes_total',
    help: 'Background jobs by name and outcome (completed, failed, retried)',
    labelNames: ['job', 'outcome'] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'pruvodce_' });
  }
}
