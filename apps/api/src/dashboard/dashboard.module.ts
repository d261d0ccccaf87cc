import { Module } from '@nestjs/common';
import { DashboardResolver } from './dashboard.resolver';
import { DashboardService } from './dashboard.service';

/** The coordinators' overview of a region. */
@Module({ providers: [DashboardResolver, DashboardService] })
export class DashboardModule {}
