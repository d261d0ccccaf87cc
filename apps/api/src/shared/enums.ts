import { registerEnumType } from '@nestjs/graphql';

/**
 * GraphQL enums, spelled exactly as the domain spells its values. Each is checked against the domain's list
 * in enums.spec.ts so that the two cannot drift.
 */
export enum RegionEnum {
  PRAGUE = 'PRAGUE',
  CENTRAL_BOHEMIA = 'CENTRAL_BOHEMIA',
  LIBEREC = 'LIBEREC',
}
registerEnumType(RegionEnum, { name: 'Region' });

export enum RoleEnum {
  COORDINATOR = 'COORDINATOR',
  AUDITOR = 'AUDITOR',
  ADMIN = 'ADMIN',
}
registerEnumType(RoleEnum, { name: 'Role' });

export enum DataCategoryEnum {
  IDENTITY = 'IDENTITY',
  CONTACT = 'CONTACT',
  RESIDENCE_STATUS = 'RESIDENCE_STATUS',
  FAMILY = 'FAMILY',
  EDUCATION_AND_WORK = 'EDUCATION_AND_WORK',
  CASE_NOTES = 'CASE_NOTES',
  HEALTH = 'HEALTH',
  RELIGION_OR_BELIEF = 'RELIGION_OR_BELIEF',
  ETHNIC_ORIGIN = 'ETHNIC_ORIGIN',
}
registerEnumType(DataCategoryEnum, { name: 'DataCategory' });

export enum LawfulBasisEnum {
  CONSENT = 'CONSENT',
  EXPLICIT_CONSENT = 'EXPLICIT_CONSENT',
}
registerEnumType(LawfulBasisEnum, { name: 'LawfulBasis' });

export enum ConsentMethodEnum {
  WRITTEN_FORM = 'WRITTEN_FORM',
  VERBAL_WITNESSED = 'VERBAL_WITNESSED',
  ELECTRONIC = 'ELECTRONIC',
}
registerEnumType(ConsentMethodEnum, { name: 'ConsentMethod' });

export enum ClientNeedEnum {
  CZECH_PRACTICE = 'CZECH_PRACTICE',
  SOCIAL_CONTACT = 'SOCIAL_CONTACT',
  ORIENTATION = 'ORIENTATION',
  ACCOMPANIMENT = 'ACCOMPANIMENT',
  CHILD_TUTORING = 'CHILD_TUTORING',
}
registerEnumType(ClientNeedEnum, { name: 'ClientNeed' });
