import { Inject } from '@nestjs/common';
import { Args, Info, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { clientStreamId } from '@app/domain';
import type { Clock, Logger } from '@app/platform';
import { fieldsSelectedOn } from '../../clients/access/selected-fields';
import { AccessRecorder } from '../../platform/access/access-recorder';
import { Ctx, Roles } from '../../platform/auth/auth.decorators';
import type { RequestContext } from '../../platform/auth/request-context';
import { badInput, notFound } from '../../platform/commands/command-errors';
import { CLOCK, LOGGER } from '../../platform/tokens';
import { AUDIT_STORES, type AuditStores } from '../audit-stores';
import { toAuditEntry, toConsentState, toStreamIntegrity, toTrailEvent } from '../audit.mapping';
import {
  AccessLog,
  AuditTrail,
  ConsentAudit,
  ConsentStateAt,
  IntegrityReport,
  SubjectAccessReport,
  type ConsentAuditEntry,
} from '../audit.models';
import { readAccessLog } from '../replay/access-log.replay';
import { readAuditTrail, type TimeWindow } from '../replay/audit-trail.replay';
import { clientConsentStateAt, runConsentAudit } from '../replay/consent-audit.replay';
import { verifyIntegrity } from '../replay/integrity.replay';
import { renderSubjectAccessPdf } from '../replay/subject-access.pdf';
import { buildSubjectAccessReport, type SubjectAccessReportData } from '../replay/subject-access.report';
import {
  AccessLogArgs,
  AuditTrailArgs,
  ConsentAuditArgs,
  ConsentStateAtArgs,
  IntegrityArgs,
  SubjectAccessReportArgs,
  type TimeWindowArgs,
} from './audit.args';
import { RegionEnum } from '../../shared/enums';
import { ONE_STREAM_COST, WHOLE_STORE_COST } from '../../platform/graphql-limits';

function windowOf(args: TimeWindowArgs): TimeWindow {
  const from = args.from ?? undefined;
  const to = args.to ?? undefined;
  if (from !== undefined && to !== undefined && from > to) throw badInput('to', 'must not precede from');
  return { ...(from === undefined ? {} : { from }), ...(to === undefined ? {} : { to }) };
}

const REPORT_FIELDS = ['name', 'contact', 'dateOfBirth', 'countryOfOrigin'];

/**
 * Auditors' queries. Every answer is computed from the event store (never from read models): consent verdicts
 * by replaying client streams through `coveringConsent`, integrity by walking the raw hash chains.
 */
@Resolver()
export class AuditResolver {
  constructor(
    @Inject(AUDIT_STORES) private readonly stores: AuditStores,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly accessRecorder: AccessRecorder,
  ) {}

  private logQuery(context: RequestContext, operation: string): void {
    this.logger.info(
      {
        operation,
        actor: context.principal?.subject,
        role: context.principal?.role,
        correlationId: context.correlationId,
      },
      'audit query',
    );
  }

  @Query(() => ConsentAudit, {
    complexity: WHOLE_STORE_COST,
    description:
      'Every disclosure and refusal in the window, judged bitemporally by replaying the client streams',
  })
  @Roles('AUDITOR', 'ADMIN')
  async consentAudit(@Args() args: ConsentAuditArgs, @Ctx() context: RequestContext): Promise<ConsentAudit> {
    this.logQuery(context, 'consentAudit');
    const window = windowOf(args);
    const entries: ConsentAuditEntry[] = [];
    const summary = await runConsentAudit(
      this.stores.sealed,
      {
        ...window,
        ...(args.clientId ? { clientId: args.clientId } : {}),
        ...(args.region ? { region: args.region } : {}),
      },
      (audit) => {
        entries.push(...audit.entries.map(toAuditEntry));
      },
    );
    if (args.clientId && summary.clients === 0) throw notFound('Client');
    return { ...summary, entries };
  }

  @Query(() => ConsentStateAt, {
    complexity: ONE_STREAM_COST,
    description: "A client's consents at a past instant, as known then and as true",
  })
  @Roles('AUDITOR', 'ADMIN')
  async consentStateAt(
    @Args() args: ConsentStateAtArgs,
    @Ctx() context: RequestContext,
  ): Promise<ConsentStateAt> {
    this.logQuery(context, 'consentStateAt');
    const state = await clientConsentStateAt(this.stores.sealed, args.clientId, args.at);
    if (state === null) throw notFound('Client');
    return {
      clientId: state.clientId,
      at: args.at,
      region: (state.region as RegionEnum | undefined) ?? null,
      consents: state.consents.map(toConsentState),
    };
  }

  @Query(() => IntegrityReport, {
    complexity: WHOLE_STORE_COST,
    description:
      'Walks the hash chains as stored and reports the first broken link; NOT_FOUND for a stream the store never held',
  })
  @Roles('AUDITOR', 'ADMIN')
  async integrity(@Args() args: IntegrityArgs, @Ctx() context: RequestContext): Promise<IntegrityReport> {
    this.logQuery(context, 'integrity');
    const summary = await verifyIntegrity(this.stores.raw, args.stream ?? undefined);
    // A stream the store never held walks as an intact chain of nothing: a mistyped id would read as a pass.
    // One whose events were all removed still has its head, and shows as broken.
    const [only] = summary.results;
    if (args.stream !== undefined && args.stream !== null && only?.ok === true && only.events === 0)
      throw notFound('Stream');
    return { ...summary, results: summary.results.map(toStreamIntegrity) };
  }

  @Query(() => AuditTrail, {
    complexity: ONE_STREAM_COST,
    description: 'The events of a client, volunteer or match, with who, when and why',
  })
  @Roles('AUDITOR', 'ADMIN')
  async auditTrail(
    @Args() args: AuditTrailArgs,
    @Ctx() context: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<AuditTrail> {
    this.logQuery(context, 'auditTrail');
    const personalData = context.principal?.role === 'ADMIN';
    const trail = await readAuditTrail(this.stores, args.subjectId, windowOf(args), personalData);
    if (trail === null) throw notFound('Subject');
    // Only the events' data carries personal data: a trail read without it shows none, and is no read to record.
    const showsData = fieldsSelectedOn(info, 'AuditTrailEvent', ['data']).length > 0;
    if (trail.subjectType === 'client' && trail.personalFieldsShown.length > 0 && showsData) {
      await this.accessRecorder.record(context, {
        clientId: args.subjectId,
        fields: trail.personalFieldsShown,
        operation: 'query auditTrail',
      });
    }
    return {
      subjectId: args.subjectId,
      subjectType: trail.subjectType,
      personalDataShown: personalData,
      events: trail.events.map(toTrailEvent),
    };
  }

  @Query(() => AccessLog, {
    complexity: ONE_STREAM_COST,
    description: "Who read the client's personal data, when, through which operation",
  })
  @Roles('AUDITOR', 'ADMIN')
  async accessLog(@Args() args: AccessLogArgs, @Ctx() context: RequestContext): Promise<AccessLog> {
    this.logQuery(context, 'accessLog');
    // An empty log must mean nobody read the client, not that the id was mistyped.
    if ((await this.stores.raw.streamRevision(clientStreamId(args.clientId))) === null)
      throw notFound('Client');
    const entries = await readAccessLog(this.stores.sealed, args.clientId, windowOf(args));
    return {
      clientId: args.clientId,
      entries: entries.map((entry) => ({ ...entry, fields: [...entry.fields] })),
    };
  }

  @Query(() => SubjectAccessReport, {
    complexity: ONE_STREAM_COST,
    description: 'Everything held about a client (GDPR Art. 15 and 19)',
  })
  @Roles('ADMIN')
  async subjectAccessReport(
    @Args() args: SubjectAccessReportArgs,
    @Ctx() context: RequestContext,
  ): Promise<SubjectAccessReport> {
    this.logQuery(context, 'subjectAccessReport');
    if ((await this.stores.raw.streamRevision(clientStreamId(args.clientId))) === null)
      throw notFound('Client');
    // Recorded before the personal data is read, so that the report lists this access too.
    await this.accessRecorder.record(context, {
      clientId: args.clientId,
      fields: REPORT_FIELDS,
      operation: 'query subjectAccessReport',
    });
    const report = await buildSubjectAccessReport(this.stores, args.clientId, this.clock.now().toISOString());
    if (report === null) throw notFound('Client');
    return toSubjectAccessReport(report);
  }
}

type ReportWithData = SubjectAccessReport & { readonly data: SubjectAccessReportData };

function toSubjectAccessReport(report: SubjectAccessReportData): ReportWithData {
  return {
    clientId: report.clientId,
    generatedAt: report.generatedAt,
    erased: report.erased,
    recipients: report.recipients.map((recipient) => ({
      ...recipient,
      dataCategories: recipient.dataCategories as SubjectAccessReport['recipients'][number]['dataCategories'],
    })),
    json: JSON.stringify(report),
    pdfBase64: '',
    data: report,
  };
}

/** The PDF is rendered only when asked for. */
@Resolver(() => SubjectAccessReport)
export class SubjectAccessReportResolver {
  @ResolveField(() => String)
  async pdfBase64(@Parent() report: ReportWithData): Promise<string> {
    return (await renderSubjectAccessPdf(report.data)).toString('base64');
  }
}
