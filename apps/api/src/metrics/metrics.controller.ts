import { Controller, Get, Header, Inject } from '@nestjs/common';
import type { Metrics } from '@app/platform';
import { METRICS } from '../platform/tokens';

@Controller('metrics')
export class MetricsController {
  constructor(@Inject(METRICS) private readonly metrics: Metrics) {}

  @Get()
  @Header('content-type', 'text/plain; version=0.0.4; charset=utf-8')
  scrape(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}
