import { Controller, Get, Inject, ServiceUnavailableException } from '@nestjs/common';
import { HealthCheck, HealthCheckService, type HealthIndicatorResult } from '@nestjs/terminus';
import type { Logger } from '@app/platform';
import { LOGGER } from '../platform/tokens';

/** Something the readiness check asks: stores reachable, projections not failing and not too far behind. */
export interface ReadinessProbe {
  readonly name: string;
  check(): Promise<{ up: boolean; details?: Record<string, unknown> }>;
}

export const READINESS_PROBES = Symbol('READINESS_PROBES');

/**
 * Logs readiness when it changes, not on every probe: an orchestrator probes every few seconds, and a lasting
 * outage would otherwise fill the log with the same line. Not being ready is a state the API reports, not a fault
 * of its own, so it is a warning naming the checks down; their details (which may quote a store's error) are in
 * the probe's answer only.
 */
export class ReadinessLog {
  /** Checks down at the last probe, sorted and joined; null before the first probe. */
  private last: string | null = null;

  constructor(private readonly logger: Logger) {}

  record(down: readonly string[]): void {
    const now = [...down].sort().join(',');
    if (now === this.last) return;
    const wasDown = this.last !== null && this.last !== '';
    this.last = now;
    if (down.length > 0) this.logger.warn({ down: now.split(',') }, 'not ready');
    else if (wasDown) this.logger.info('ready again');
  }
}

@Controller('health')
export class HealthController {
  private readonly readiness: ReadinessLog;

  constructor(
    private readonly health: HealthCheckService,
    @Inject(READINESS_PROBES) private readonly probes: ReadinessProbe[],
    @Inject(LOGGER) logger: Logger,
  ) {
    this.readiness = new ReadinessLog(logger);
  }

  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  @HealthCheck()
  async ready() {
    const down: string[] = [];
    const indicators = this.probes.map((probe) => async (): Promise<HealthIndicatorResult> => {
      // A probe that throws (a store unreachable) is a check down, answered 503 like any other, not a 500;
      // its error is not repeated, as it may quote the store's data.
      const result = await probe.check().catch(() => ({ up: false, details: undefined }));
      if (!result.up) down.push(probe.name);
      return { [probe.name]: { status: result.up ? 'up' : 'down', ...result.details } };
    });
    try {
      const result = await this.health.check(indicators);
      this.readiness.record([]);
      return result;
    } catch (error) {
      if (error instanceof ServiceUnavailableException) this.readiness.record(down);
      throw error;
    }
  }
}
