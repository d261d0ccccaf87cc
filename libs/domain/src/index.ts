export * from './shared/decider';
export * from './shared/reference-data';
export * from './shared/rejection-codes';
export * from './shared/event-catalog';
export {
  firstViolation,
  MAX_PARTY_ID_LENGTH,
  MAX_REASON_CODE_LENGTH,
  PARTY_ID_PATTERN,
  REASON_CODE_PATTERN,
  type Rule,
  type Violation,
} from './shared/rules';
export {
  addDays,
  ageOn,
  coversDay,
  dateOf,
  daysBetween,
  isCalendarDate,
  isDateOrInstant,
  isInstant,
  nextDay,
  PROGRAM_TIME_ZONE,
  startOfLast12Months,
  toEpochMillis,
  toInstant,
  yearBefore,
} from './shared/time';

export * from './clients/consent/consent.types';
export * from './clients/consent/covering-consent';
export * from './clients/client/client.events';
export * from './clients/client/client.commands';
export * from './clients/client/client.state';
export * from './clients/client/client.decide';
export * from './clients/client/client-departed.process';

export * from './matching/match/match.events';
export * from './matching/match/match.commands';
export * from './matching/match/match.state';
export * from './matching/match/match.decide';
export * from './matching/match/match-accepted.process';
export * from './matching/match/departure.process';
export * from './matching/suggestions/suggest-volunteers';

export * from './volunteers/volunteer/volunteer.events';
export * from './volunteers/volunteer/volunteer.commands';
export * from './volunteers/volunteer/volunteer.state';
export * from './volunteers/volunteer/volunteer.decide';
export * from './volunteers/volunteer/volunteer-left.process';
export { MINIMUM_VOLUNTEER_AGE } from './volunteers/volunteer/volunteer.rules';

export * from './program/session/session.events';
export * from './program/session/session.commands';
export * from './program/session/session.decide';
export * from './program/session/session-attendance.reactor';

export * from './certificates';
export * from './audit';
