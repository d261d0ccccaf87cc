import { Module } from '@nestjs/common';

/** Auditors: consent audit, as-of consent state, integrity, audit trail, access log, subject access report. */
@Module({ providers: [] })
export class AuditModule {}
