import { Controller, Get, Inject } from '@nestjs/common';
import { HealthCheck, HealthCheckService, type HealthIndicatorResult } from '@nestjs/terminus';

/** Something the readiness check asks: stores reachable, projections not failing and not too far behind. */
export interface ReadinessProbe {
  readonly name: string;
  check(): Promise<{ up: boolean; details?: Record<string, unknown> }>;
}

export const READINESS_PROBES = Symbol('READINESS_PROBES');

@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    @Inject(READINESS_PROBES) private readonly probes: ReadinessProbe[],
  ) {}

  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  @HealthCheck()
  ready() {
    return this.health.check(
      this.probes.map((probe) => async (): Promise<HealthIndicatorResult> => {
        const result = await probe.check();
        return { [probe.name]: { status: result.up ? 'up' : 'down', ...result.details } };
      }),
    );
  }
}
