import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { DataCategoryEnum, RegionEnum } from '../shared/enums';
import { DateTimeScalar } from '../shared/scalars';

export enum AuditVerdictEnum {
  COVERED_BY_CONSENT = 'COVERED_BY_CONSENT',
  LEGAL_OBLIGATION = 'LEGAL_OBLIGATION',
  VIOLATION = 'VIOLATION',
  REFUSED = 'REFUSED',
}
registerEnumType(AuditVerdictEnum, {
  name: 'AuditVerdict',
  description:
    'How a recorded disclosure (or refusal) stands, judged on what the system knew when it was recorded',
});

export enum TimelineAgreementEnum {
  CONSISTENT = 'CONSISTENT',
  LATE_RECORDED_WITHDRAWAL = 'LATE_RECORDED_WITHDRAWAL',
  LATE_RECORDED_CONSENT = 'LATE_RECORDED_CONSENT',
}
registerEnumType(TimelineAgreementEnum, {
  name: 'TimelineAgreement',
  description: 'Whether what was known at the time agrees with what was true, given facts recorded later',
});

export enum AuditedRequestKindEnum {
  DISCLOSURE = 'DISCLOSURE',
  REFUSAL = 'REFUSAL',
}
registerEnumType(AuditedRequestKindEnum, { name: 'AuditedRequestKind' });

export enum AuditConsentStatusEnum {
  IN_FORCE = 'IN_FORCE',
  WITHDRAWN = 'WITHDRAWN',
  EXPIRED = 'EXPIRED',
}
registerEnumType(AuditConsentStatusEnum, { name: 'AuditConsentStatus' });

export enum ChainBreakReasonEnum {
  HASH_MISMATCH = 'HASH_MISMATCH',
  PREV_HASH_MISMATCH = 'PREV_HASH_MISMATCH',
  REVISION_GAP = 'REVISION_GAP',
  MISSING_TAIL = 'MISSING_TAIL',
}
registerEnumType(ChainBreakReasonEnum, {
  name: 'ChainBreakReason',
  valuesMap: {
    MISSING_TAIL: {
      description:
        "The store's head of the stream lies past its last readable event: events were removed at the end. " +
        'The position is that of the last readable event (0 when none is left).',
    },
  },
});

@ObjectType('AuditConsentReference', { description: 'The consent a disclosure rests on, with its evidence' })
export class AuditConsentReference {
  @Field(() => ID) consentId!: string;
  @Field({ description: 'An instant, or a date meaning the start of that day in Prague' }) givenOn!: string;
  @Field() method!: string;
  @Field() evidenceRef!: string;
  @Field() noticeVersion!: string;
  @Field() lawfulBasis!: string;
}

@ObjectType('AuditJudgement')
export class AuditJudgement {
  @Field(() => AuditVerdictEnum) verdict!: AuditVerdictEnum;
  @Field(() => ID, { nullable: true }) consentId?: string | null;
  @Field(() => AuditConsentReference, { nullable: true }) consent?: AuditConsentReference | null;
  @Field(() => String, { nullable: true }) legalObligation?: string | null;
  @Field(() => String, { nullable: true, description: 'Coverage code, e.g. CONSENT.WITHDRAWN' })
  reasonCode?: string | null;
  @Field(() => String, { nullable: true }) reason?: string | null;
}

@ObjectType('ConsentAuditEntry')
export class ConsentAuditEntry extends AuditJudgement {
  @Field(() => AuditedRequestKindEnum) kind!: AuditedRequestKindEnum;
  @Field(() => ID) disclosureId!: string;
  @Field(() => ID) clientId!: string;
  @Field(() => DateTimeScalar) at!: string;
  @Field() recipient!: string;
  @Field() purpose!: string;
  @Field(() => [DataCategoryEnum]) dataCategories!: DataCategoryEnum[];
  @Field(() => ID, { nullable: true }) matchId?: string | null;
  @Field(() => DateTimeScalar, { description: 'When the store recorded it' }) recordedAt!: string;
  @Field(() => String, { nullable: true }) position?: string | null;
  @Field(() => AuditJudgement, {
    description:
      'The same request judged on the full history: every consent recorded since, whichever it cites',
  })
  actual!: AuditJudgement;
  @Field(() => TimelineAgreementEnum) timelines!: TimelineAgreementEnum;
}

@ObjectType('ConsentAudit')
export class ConsentAudit {
  @Field(() => Int) clients!: number;
  @Field(() => Int) disclosures!: number;
  @Field(() => Int) refusals!: number;
  @Field(() => Int) violations!: number;
  @Field(() => Int) lateRecordedWithdrawals!: number;
  @Field(() => [ConsentAuditEntry]) entries!: ConsentAuditEntry[];
}

@ObjectType('ConsentStatusOnTimeline')
export class ConsentStatusOnTimeline {
  @Field(() => AuditConsentStatusEnum) status!: AuditConsentStatusEnum;
  @Field(() => DateTimeScalar, { nullable: true }) withdrawnAt?: string | null;
}

@ObjectType('ConsentStateEntry')
export class ConsentStateEntryType {
  @Field(() => AuditConsentReference) consent!: AuditConsentReference;
  @Field(() => [String]) purposes!: string[];
  @Field(() => [DataCategoryEnum]) dataCategories!: DataCategoryEnum[];
  @Field(() => [String]) recipients!: string[];
  @Field(() => String, { nullable: true }) expiresOn?: string | null;
  @Field(() => ConsentStatusOnTimeline, {
    nullable: true,
    description: 'As the system knew it at that instant; null when not yet recorded',
  })
  known?: ConsentStatusOnTimeline | null;
  @Field(() => ConsentStatusOnTimeline, {
    description: 'As it was in truth, given everything recorded since',
  })
  actual!: ConsentStatusOnTimeline;
  @Field(() => TimelineAgreementEnum) timelines!: TimelineAgreementEnum;
}

@ObjectType('ConsentStateAt')
export class ConsentStateAt {
  @Field(() => ID) clientId!: string;
  @Field(() => DateTimeScalar) at!: string;
  @Field(() => RegionEnum, { nullable: true }) region?: RegionEnum | null;
  @Field(() => [ConsentStateEntryType]) consents!: ConsentStateEntryType[];
}

@ObjectType('StreamIntegrity')
export class StreamIntegrity {
  @Field() streamId!: string;
  @Field() ok!: boolean;
  @Field(() => Int, { nullable: true, description: 'Events verified (when OK)' }) events?: number | null;
  @Field(() => Int, { nullable: true }) revision?: number | null;
  @Field(() => String, { nullable: true }) position?: string | null;
  @Field(() => ChainBreakReasonEnum, { nullable: true }) reason?: ChainBreakReasonEnum | null;
  @Field(() => String, { nullable: true }) expectedHash?: string | null;
  @Field(() => String, { nullable: true }) foundHash?: string | null;
}

@ObjectType('IntegrityReport')
export class IntegrityReport {
  @Field() ok!: boolean;
  @Field(() => Int) streams!: number;
  @Field(() => Int) broken!: number;
  @Field(() => [StreamIntegrity]) results!: StreamIntegrity[];
}

@ObjectType('AuditActor')
export class AuditActor {
  @Field() id!: string;
  @Field() role!: string;
}

@ObjectType('AuditTrailEvent')
export class AuditTrailEvent {
  @Field() streamId!: string;
  @Field(() => Int) revision!: number;
  @Field() position!: string;
  @Field(() => ID) eventId!: string;
  @Field() type!: string;
  @Field(() => AuditActor) actor!: AuditActor;
  @Field(() => DateTimeScalar) occurredAt!: string;
  @Field(() => DateTimeScalar) recordedAt!: string;
  @Field() correlationId!: string;
  @Field() commandId!: string;
  @Field(() => String, { nullable: true }) causationId?: string | null;
  @Field({ description: 'Event data as JSON; personal data only for roles entitled to it' }) data!: string;
}

@ObjectType('AuditTrail')
export class AuditTrail {
  @Field(() => ID) subjectId!: string;
  @Field({ description: 'client, volunteer or match' }) subjectType!: string;
  @Field({ description: 'Whether personal data is shown (ADMIN) or withheld' }) personalDataShown!: boolean;
  @Field(() => [AuditTrailEvent]) events!: AuditTrailEvent[];
}

@ObjectType('AccessLogEntry')
export class AccessLogEntry {
  @Field(() => DateTimeScalar) accessedAt!: string;
  @Field() accessedBy!: string;
  @Field() role!: string;
  @Field() operation!: string;
  @Field(() => [String]) fields!: string[];
  @Field() correlationId!: string;
  @Field() position!: string;
}

@ObjectType('AccessLog')
export class AccessLog {
  @Field(() => ID) clientId!: string;
  @Field(() => [AccessLogEntry]) entries!: AccessLogEntry[];
}

@ObjectType('SubjectAccessRecipient', {
  description: 'A party the client’s data went to (GDPR Art. 15(1)(c), 19)',
})
export class SubjectAccessRecipient {
  @Field() recipient!: string;
  @Field(() => [String]) purposes!: string[];
  @Field(() => [DataCategoryEnum]) dataCategories!: DataCategoryEnum[];
  @Field(() => [DateTimeScalar]) disclosedAt!: string[];
}

@ObjectType('SubjectAccessReport')
export class SubjectAccessReport {
  @Field(() => ID) clientId!: string;
  @Field(() => DateTimeScalar) generatedAt!: string;
  @Field() erased!: boolean;
  @Field(() => [SubjectAccessRecipient]) recipients!: SubjectAccessRecipient[];
  @Field({ description: 'Everything held about the client, as JSON' }) json!: string;
  @Field({ description: 'The same report as a PDF, base64-encoded' }) pdfBase64!: string;
}
