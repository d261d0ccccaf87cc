import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';
import { ReminderModel } from '../certificates/queries/reminders/reminders.resolver';
import { RegionEnum } from '../shared/enums';
import { DateScalar } from '../shared/scalars';

@ObjectType('ExpiringConsent')
export class ExpiringConsentModel {
  @Field(() => ID)
  clientId!: string;

  @Field(() => ID)
  consentId!: string;

  @Field(() => DateScalar, { description: 'Last day the consent is in force.' })
  expiresOn!: string;
}

@ObjectType('MatchNeedingAttention')
export class MatchNeedingAttentionModel {
  @Field(() => ID)
  matchId!: string;

  @Field(() => ID)
  volunteerId!: string;

  @Field(() => ID)
  clientId!: string;

  @Field(() => DateScalar, {
    nullable: true,
    description: 'Last meeting logged; null when none since acceptance.',
  })
  lastMeetingOn!: string | null;

  @Field(() => Int, {
    description:
      'Days since the last meeting, or since acceptance when there was none; a pause does not count, so after a resumption the days count from it.',
  })
  daysWithoutMeeting!: number;
}

@ObjectType('VolunteerSupervisionGap')
export class VolunteerSupervisionGapModel {
  @Field(() => ID)
  volunteerId!: string;

  @Field(() => Int)
  supervisionsInLast12Months!: number;
}

@ObjectType('Dashboard', {
  description: "A coordinator's overview of one region, computed from the read models.",
})
export class DashboardModel {
  @Field(() => RegionEnum)
  region!: RegionEnum;

  @Field(() => DateScalar)
  asOf!: string;

  @Field(() => Int)
  activeVolunteers!: number;

  @Field(() => Int)
  activeMatches!: number;

  @Field(() => Float)
  approvedHoursThisMonth!: number;

  @Field(() => Float)
  approvedHoursThisYear!: number;

  @Field(() => [ExpiringConsentModel], {
    description: 'Consents in force that expire within the next 30 days.',
  })
  consentsExpiringWithin30Days!: ExpiringConsentModel[];

  @Field(() => [MatchNeedingAttentionModel], {
    description: 'Active matches with no meeting for 14 days or more.',
  })
  matchesWithoutMeetingFor14Days!: MatchNeedingAttentionModel[];

  @Field(() => [MatchNeedingAttentionModel], {
    description: 'Active matches with no meeting for 30 days or more.',
  })
  matchesWithoutMeetingFor30Days!: MatchNeedingAttentionModel[];

  @Field(() => [VolunteerSupervisionGapModel], {
    description: 'Active volunteers who attended fewer than 4 supervisions in the last 12 months.',
  })
  volunteersWithFewerThan4Supervisions!: VolunteerSupervisionGapModel[];

  @Field(() => [ReminderModel], {
    description:
      'What the daily reminder sweep found due in this region (first 100 by due date), insurance expiring included.',
  })
  reminders!: ReminderModel[];
}
