import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';
import type { MatchDocument, MeetingDocument } from '@app/read-models/matching';
import { Connection } from '../../shared/connection';
import { RegionEnum } from '../../shared/enums';
import { DateScalar, DateTimeScalar } from '../../shared/scalars';
import {
  ContactDisclosureOutcomeEnum,
  DecliningPartyEnum,
  MatchCriterionEnum,
  MatchStatusEnum,
  MeetingActivityEnum,
  MeetingPlaceEnum,
  MeetingStatusEnum,
} from './matching.enums';

@ObjectType('Meeting')
export class MeetingModel {
  @Field(() => ID)
  id!: string;

  @Field(() => DateScalar)
  date!: string;

  @Field(() => Float, {
    description: 'Hours in quarter-hour steps; they count only once the meeting is approved.',
  })
  hours!: number;

  @Field(() => MeetingActivityEnum)
  activity!: MeetingActivityEnum;

  @Field(() => MeetingPlaceEnum)
  place!: MeetingPlaceEnum;

  @Field(() => MeetingStatusEnum)
  status!: MeetingStatusEnum;

  @Field(() => DateTimeScalar)
  loggedAt!: string;

  @Field(() => DateTimeScalar, { nullable: true })
  decidedAt!: string | null;

  @Field(() => String, { nullable: true })
  reasonCode!: string | null;
}

@ObjectType('MonthlyApprovedHours')
export class MonthlyApprovedHoursModel {
  @Field({ description: 'Calendar month of the meetings, YYYY-MM.' })
  month!: string;

  @Field(() => Float)
  hours!: number;
}

@ObjectType('MatchContactDisclosure', {
  description: "The client's contact details reaching the volunteer, as decided on the client's stream.",
})
export class MatchContactDisclosureModel {
  @Field(() => ID)
  disclosureId!: string;

  @Field(() => ContactDisclosureOutcomeEnum)
  outcome!: ContactDisclosureOutcomeEnum;

  @Field(() => DateTimeScalar)
  at!: string;

  @Field(() => ID, { nullable: true, description: 'The consent that covered the disclosure.' })
  consentId!: string | null;

  @Field(() => String, { nullable: true, description: 'Why it was refused, e.g. CONSENT.NOT_IN_FORCE.' })
  refusalCode!: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'The coverage verdict behind a refusal, e.g. CONSENT.WITHDRAWN.',
  })
  coverageCode!: string | null;
}

@ObjectType('Match', {
  description: 'A volunteer guiding a client. Ids, codes, dates and hours only: no personal data.',
})
export class MatchModel {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  volunteerId!: string;

  @Field(() => ID)
  clientId!: string;

  @Field(() => RegionEnum, { nullable: true, description: "The client's region." })
  region!: RegionEnum | null;

  @Field(() => MatchStatusEnum)
  status!: MatchStatusEnum;

  @Field(() => [MatchCriterionEnum])
  rationale!: MatchCriterionEnum[];

  @Field(() => DateTimeScalar)
  proposedAt!: string;

  @Field(() => DateScalar, { nullable: true })
  acceptedOn!: string | null;

  @Field(() => DateTimeScalar, { nullable: true })
  acceptedAt!: string | null;

  @Field(() => DateTimeScalar, { nullable: true })
  declinedAt!: string | null;

  @Field(() => DecliningPartyEnum, { nullable: true })
  declinedBy!: DecliningPartyEnum | null;

  @Field(() => DateScalar, { nullable: true })
  endedOn!: string | null;

  @Field(() => DateTimeScalar, { nullable: true })
  endedAt!: string | null;

  @Field(() => String, { nullable: true, description: 'Reason code of the decline or the end.' })
  closingReasonCode!: string | null;

  @Field(() => [MeetingModel])
  meetings!: MeetingModel[];

  @Field(() => Float)
  approvedHours!: number;

  @Field(() => [MonthlyApprovedHoursModel])
  approvedHoursByMonth!: MonthlyApprovedHoursModel[];

  @Field(() => Int, {
    description: 'Meetings logged, declined ones aside (a declined meeting did not count)',
  })
  meetingCount!: number;

  @Field(() => DateScalar, { nullable: true })
  lastMeetingOn!: string | null;

  @Field(() => MatchContactDisclosureModel, { nullable: true })
  contactDisclosure!: MatchContactDisclosureModel | null;
}

export const MatchConnection = Connection(MatchModel, 'Match');

const toMeeting = (meeting: MeetingDocument): MeetingModel => ({
  id: meeting.meetingId,
  date: meeting.date,
  hours: meeting.hours,
  activity: meeting.activity as MeetingActivityEnum,
  place: meeting.place as MeetingPlaceEnum,
  status: meeting.status as MeetingStatusEnum,
  loggedAt: meeting.loggedAt,
  decidedAt: meeting.decidedAt,
  reasonCode: meeting.reasonCode,
});

export function toMatchModel(document: MatchDocument, region: string | null): MatchModel {
  const disclosure = document.contactDisclosure;
  return {
    id: document.matchId,
    volunteerId: document.volunteerId,
    clientId: document.clientId,
    region: region as RegionEnum | null,
    status: document.status as MatchStatusEnum,
    rationale: document.rationale as MatchCriterionEnum[],
    proposedAt: document.proposedAt,
    acceptedOn: document.acceptedOn,
    acceptedAt: document.acceptedAt,
    declinedAt: document.declinedAt,
    declinedBy: document.declinedBy as DecliningPartyEnum | null,
    endedOn: document.endedOn,
    endedAt: document.endedAt,
    closingReasonCode: document.closingReasonCode,
    meetings: document.meetings.map(toMeeting),
    approvedHours: document.approvedHours,
    approvedHoursByMonth: document.approvedHoursByMonth.map((entry) => ({ ...entry })),
    meetingCount: document.meetings.filter((meeting) => meeting.status !== 'DECLINED').length,
    lastMeetingOn: document.lastMeetingOn,
    contactDisclosure:
      disclosure === null
        ? null
        : {
            disclosureId: disclosure.disclosureId,
            outcome: disclosure.status as ContactDisclosureOutcomeEnum,
            at: disclosure.at,
            consentId: disclosure.consentId,
            refusalCode: disclosure.reasonCode,
            coverageCode: disclosure.coverageCode,
          },
  };
}
