import { Module } from '@nestjs/common';
import type { Runtime } from '../../../worker/src/runtime/runtime';
import { RUNTIME } from '../platform/tokens';
import { AUDIT_STORES, auditStoresOf } from './audit-stores';
import { AuditResolver, SubjectAccessReportResolver } from './queries/audit.resolver';

/** Auditors: consent audit, as-of consent state, integrity, audit trail, access log, subject access report. */
@Module({
  providers: [
    { provide: AUDIT_STORES, useFactory: (runtime: Runtime) => auditStoresOf(runtime), inject: [RUNTIME] },
    AuditResolver,
    SubjectAccessReportResolver,
  ],
})
export class AuditModule {}
