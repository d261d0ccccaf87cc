import { registerEnumType } from '@nestjs/graphql';

/** A volunteer's lifecycle, as the domain spells it (`UNREGISTERED` never reaches a read model). */
export enum VolunteerStatusEnum {
  APPLICANT = 'APPLICANT',
  IN_TRAINING = 'IN_TRAINING',
  ACTIVE = 'ACTIVE',
  PAUSED = 'PAUSED',
  LEFT = 'LEFT',
}
registerEnumType(VolunteerStatusEnum, { name: 'VolunteerStatus' });

/** Who a consultation was held with. */
export enum ConsultantEnum {
  COORDINATOR = 'COORDINATOR',
  CZECH_TEACHER = 'CZECH_TEACHER',
  SOCIAL_WORKER = 'SOCIAL_WORKER',
}
registerEnumType(ConsultantEnum, { name: 'Consultant' });

export enum WeekdayEnum {
  MONDAY = 'MONDAY',
  TUESDAY = 'TUESDAY',
  WEDNESDAY = 'WEDNESDAY',
  THURSDAY = 'THURSDAY',
  FRIDAY = 'FRIDAY',
  SATURDAY = 'SATURDAY',
  SUNDAY = 'SUNDAY',
}
registerEnumType(WeekdayEnum, { name: 'Weekday' });

export enum DayPartEnum {
  MORNING = 'MORNING',
  AFTERNOON = 'AFTERNOON',
  EVENING = 'EVENING',
}
registerEnumType(DayPartEnum, { name: 'DayPart' });

export enum ProgramSessionKindEnum {
  GROUP_MEETING = 'GROUP_MEETING',
  SUPERVISION = 'SUPERVISION',
}
registerEnumType(ProgramSessionKindEnum, { name: 'ProgramSessionKind' });
