import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { dateOf } from '@app/domain';
import type { Principal } from '@app/platform';
import {
  agreementInForceOn,
  insurancePolicyOn,
  supervisionsInLast12Months,
  type VolunteerDocument,
} from '@app/read-models/volunteers';
import { ClientNeedEnum, RegionEnum } from '../shared/enums';
import { canSeeRegion } from '../shared/regions';
import { DateScalar, DateTimeScalar } from '../shared/scalars';
import { ConsultantEnum, DayPartEnum, VolunteerStatusEnum, WeekdayEnum } from './volunteer.enums';

const PERSONAL = '🔒 Personal data: only coordinators of one of the volunteer’s regions and admins see it.';

@ObjectType('AvailabilitySlot')
export class AvailabilitySlotModel {
  @Field(() => WeekdayEnum)
  day!: WeekdayEnum;

  @Field(() => DayPartEnum)
  part!: DayPartEnum;
}

@ObjectType('IntroductoryCourse')
export class IntroductoryCourseModel {
  @Field()
  courseId!: string;

  @Field(() => DateScalar)
  completedOn!: string;
}

@ObjectType('GuideHandout')
export class GuideHandoutModel {
  @Field()
  edition!: string;

  @Field(() => DateScalar)
  handedOutOn!: string;
}

@ObjectType('VolunteerAgreement')
export class VolunteerAgreementModel {
  @Field()
  agreementId!: string;

  @Field(() => DateScalar)
  signedOn!: string;

  @Field(() => DateScalar, { nullable: true, description: 'Null when the agreement is open-ended.' })
  validUntil!: string | null;
}

@ObjectType('InsurancePolicy')
export class InsurancePolicyModel {
  @Field()
  policyRef!: string;

  @Field(() => DateScalar)
  from!: string;

  @Field(() => DateScalar)
  to!: string;
}

@ObjectType('Consultation')
export class ConsultationModel {
  @Field(() => ID)
  consultationId!: string;

  @Field(() => ConsultantEnum)
  with!: ConsultantEnum;

  @Field(() => DateScalar)
  heldOn!: string;

  @Field(() => ID, {
    nullable: true,
    description: 'The match it was about; null when about none, or about a match outside your regions',
  })
  matchId!: string | null;

  @Field(() => String, {
    nullable: true,
    description: `${PERSONAL} Null, with matchId, when about a match outside your regions.`,
  })
  notes!: string | null;
}

@ObjectType('SessionAttendance')
export class SessionAttendanceModel {
  @Field(() => ID)
  sessionId!: string;

  @Field(() => DateScalar)
  date!: string;
}

@ObjectType('VolunteerCertificate')
export class VolunteerCertificateModel {
  @Field()
  certificateNo!: string;

  @Field()
  policyVersion!: string;

  @Field(() => DateScalar)
  serviceFrom!: string;

  @Field(() => DateScalar)
  serviceTo!: string;

  @Field()
  approvedHours!: number;

  @Field(() => [String])
  activities!: string[];

  @Field(() => DateScalar)
  issuedOn!: string;

  @Field()
  revoked!: boolean;

  @Field(() => DateTimeScalar, { nullable: true })
  revokedAt!: string | null;

  @Field(() => String, { nullable: true })
  revocationReasonCode!: string | null;
}

@ObjectType('Volunteer')
export class VolunteerModel {
  @Field(() => ID)
  id!: string;

  @Field(() => VolunteerStatusEnum)
  status!: VolunteerStatusEnum;

  @Field(() => String, { nullable: true, description: PERSONAL })
  name!: string | null;

  @Field(() => String, { nullable: true, description: PERSONAL })
  email!: string | null;

  @Field(() => String, { nullable: true, description: PERSONAL })
  phone!: string | null;

  @Field(() => DateScalar, { nullable: true, description: PERSONAL })
  dateOfBirth!: string | null;

  @Field(() => [String], { description: 'ISO 639-1 codes.' })
  languages!: string[];

  @Field(() => [RegionEnum])
  regions!: RegionEnum[];

  @Field(() => [ClientNeedEnum])
  interests!: ClientNeedEnum[];

  @Field(() => [AvailabilitySlotModel])
  availability!: AvailabilitySlotModel[];

  @Field(() => DateTimeScalar)
  registeredAt!: string;

  @Field(() => DateScalar, { nullable: true })
  trainingStartedOn!: string | null;

  @Field(() => IntroductoryCourseModel, { nullable: true })
  course!: IntroductoryCourseModel | null;

  @Field(() => GuideHandoutModel, { nullable: true, description: 'The program handbook last handed out.' })
  guide!: GuideHandoutModel | null;

  @Field(() => [VolunteerAgreementModel])
  agreements!: VolunteerAgreementModel[];

  @Field({ description: 'Whether a signed agreement is in force today.' })
  agreementInForce!: boolean;

  @Field(() => DateScalar, {
    nullable: true,
    description: 'End of the agreement in force today; null when none is in force or it is open-ended.',
  })
  agreementValidUntil!: string | null;

  @Field(() => [InsurancePolicyModel])
  insurancePolicies!: InsurancePolicyModel[];

  @Field({ description: 'Whether an insurance policy is in force today.' })
  insured!: boolean;

  @Field(() => DateScalar, { nullable: true, description: 'Start of the policy in force today.' })
  insuredFrom!: string | null;

  @Field(() => DateScalar, { nullable: true, description: 'End of the policy in force today.' })
  insuredTo!: string | null;

  @Field(() => DateScalar, { nullable: true })
  activatedOn!: string | null;

  @Field(() => DateTimeScalar, { nullable: true })
  pausedAt!: string | null;

  @Field(() => String, { nullable: true })
  pauseReasonCode!: string | null;

  @Field(() => DateScalar, { nullable: true })
  leftOn!: string | null;

  @Field(() => String, { nullable: true })
  leftReasonCode!: string | null;

  @Field(() => Int)
  consultationCount!: number;

  @Field(() => [ConsultationModel])
  consultations!: ConsultationModel[];

  @Field(() => [SessionAttendanceModel], { description: 'Group meetings attended, oldest first.' })
  groupMeetingsAttended!: SessionAttendanceModel[];

  @Field(() => [SessionAttendanceModel], { description: 'Supervision sessions attended, oldest first.' })
  supervisionsAttended!: SessionAttendanceModel[];

  @Field(() => Int, { description: 'Supervision sessions attended within the last twelve months.' })
  supervisionsInLast12Months!: number;

  @Field(() => [VolunteerCertificateModel])
  certificates!: VolunteerCertificateModel[];
}

/** Personal data goes to admins and to coordinators serving one of the volunteer's regions, nobody else. */
export const mayReadVolunteerPersonalData = (principal: Principal, document: VolunteerDocument): boolean =>
  principal.role === 'ADMIN' ||
  (principal.role === 'COORDINATOR' && document.regions.some((region) => canSeeRegion(principal, region)));

/** The GraphQL view of a volunteer document as of `now`, personal fields withheld from those not entitled. */
export function toVolunteerModel(
  id: string,
  document: VolunteerDocument,
  principal: Principal,
  now: Date,
): VolunteerModel {
  const today = dateOf(now.toISOString());
  const personal = mayReadVolunteerPersonalData(principal, document);
  const agreement = agreementInForceOn(document, today);
  const policy = insurancePolicyOn(document, today);
  return {
    id,
    status: document.status as VolunteerStatusEnum,
    name: personal ? document.name : null,
    email: personal ? document.email : null,
    phone: personal ? document.phone : null,
    dateOfBirth: personal ? document.dateOfBirth : null,
    languages: document.languages,
    regions: document.regions as RegionEnum[],
    interests: document.interests as ClientNeedEnum[],
    availability: document.availability as AvailabilitySlotModel[],
    registeredAt: document.registeredAt,
    trainingStartedOn: document.trainingStartedOn,
    course: document.course,
    guide: document.guide,
    agreements: document.agreements,
    agreementInForce: agreement !== null,
    agreementValidUntil: agreement?.validUntil ?? null,
    insurancePolicies: document.insurance,
    insured: policy !== null,
    insuredFrom: policy?.from ?? null,
    insuredTo: policy?.to ?? null,
    activatedOn: document.activatedOn,
    pausedAt: document.pause?.pausedAt ?? null,
    pauseReasonCode: document.pause?.reasonCode ?? null,
    leftOn: document.left?.leftOn ?? null,
    leftReasonCode: document.left?.reasonCode ?? null,
    consultationCount: document.consultationCount,
    consultations: document.consultations.map((consultation) => ({
      ...consultation,
      with: consultation.with as ConsultantEnum,
      notes: personal ? consultation.notes : null,
    })),
    groupMeetingsAttended: document.groupMeetings,
    supervisionsAttended: document.supervisions,
    supervisionsInLast12Months: supervisionsInLast12Months(document, today),
    certificates: document.certificates,
  };
}
