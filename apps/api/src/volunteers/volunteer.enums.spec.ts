import { CONSULTANTS, DAY_PARTS, WEEKDAYS } from '@app/domain';
import { ConsultantEnum, DayPartEnum, VolunteerStatusEnum, WeekdayEnum } from './volunteer.enums';

describe('volunteer GraphQL enums', () => {
  it('spell exactly the domain vocabularies', () => {
    expect(Object.values(ConsultantEnum)).toEqual([...CONSULTANTS]);
    expect(Object.values(WeekdayEnum)).toEqual([...WEEKDAYS]);
    expect(Object.values(DayPartEnum)).toEqual([...DAY_PARTS]);
    expect(Object.values(VolunteerStatusEnum)).toEqual([
      'APPLICANT',
      'IN_TRAINING',
      'ACTIVE',
      'PAUSED',
      'LEFT',
    ]);
  });
});
