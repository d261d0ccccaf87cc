import { Module } from '@nestjs/common';

/** Volunteers and program sessions (group meetings, supervision). */
@Module({ providers: [] })
export class VolunteersModule {}
