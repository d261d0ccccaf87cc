import { Module } from '@nestjs/common';

/** Matches, meetings, match suggestions and the coordinators' dashboard. */
@Module({ providers: [] })
export class MatchingModule {}
