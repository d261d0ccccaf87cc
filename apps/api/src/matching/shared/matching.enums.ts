import { registerEnumType } from '@nestjs/graphql';

/** Enums of the matching context, spelled as the domain spells them (MATCH_CRITERIA, MEETING_ACTIVITIES, …). */
export enum MatchStatusEnum {
  PROPOSED = 'PROPOSED',
  ACTIVE = 'ACTIVE',
  PAUSED = 'PAUSED',
  ENDED = 'ENDED',
  DECLINED = 'DECLINED',
}
registerEnumType(MatchStatusEnum, { name: 'MatchStatus' });

export enum MeetingStatusEnum {
  LOGGED = 'LOGGED',
  APPROVED = 'APPROVED',
  DECLINED = 'DECLINED',
}
registerEnumType(MeetingStatusEnum, { name: 'MeetingStatus' });

export enum MeetingActivityEnum {
  CZECH_PRACTICE = 'CZECH_PRACTICE',
  ACCOMPANIMENT = 'ACCOMPANIMENT',
  LEISURE = 'LEISURE',
  ORIENTATION = 'ORIENTATION',
  TUTORING = 'TUTORING',
}
registerEnumType(MeetingActivityEnum, { name: 'MeetingActivity' });

export enum MeetingPlaceEnum {
  ON_PREMISES = 'ON_PREMISES',
  OUTSIDE = 'OUTSIDE',
}
registerEnumType(MeetingPlaceEnum, { name: 'MeetingPlace' });

export enum MatchCriterionEnum {
  REGION = 'REGION',
  LANGUAGE = 'LANGUAGE',
  NEEDS = 'NEEDS',
  AVAILABILITY = 'AVAILABILITY',
  LOAD = 'LOAD',
}
registerEnumType(MatchCriterionEnum, { name: 'MatchCriterion' });

export enum DecliningPartyEnum {
  VOLUNTEER = 'VOLUNTEER',
  CLIENT = 'CLIENT',
  COORDINATOR = 'COORDINATOR',
}
registerEnumType(DecliningPartyEnum, { name: 'DecliningParty' });

export enum ContactDisclosureOutcomeEnum {
  DISCLOSED = 'DISCLOSED',
  REFUSED = 'REFUSED',
}
registerEnumType(ContactDisclosureOutcomeEnum, { name: 'ContactDisclosureOutcome' });
