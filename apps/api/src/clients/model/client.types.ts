import { Field, ID, ObjectType } from '@nestjs/graphql';
import type { ClientDocument } from '@app/read-models/clients';
import {
  ClientNeedEnum,
  ConsentMethodEnum,
  DataCategoryEnum,
  LawfulBasisEnum,
  RegionEnum,
} from '../../shared/enums';
import { DateScalar, DateTimeScalar } from '../../shared/scalars';
import { ClientStatusEnum, ConsentStatusEnum, DisclosureOutcomeEnum } from './client.enums';

@ObjectType('ClientContact')
export class ClientContactType {
  @Field(() => String, { nullable: true })
  email!: string | null;

  @Field(() => String, { nullable: true })
  phone!: string | null;

  @Field(() => String, { nullable: true })
  address!: string | null;
}

/**
 * A client as the API shows it. Personal fields (`name`, `contact`, `dateOfBirth`, `countryOfOrigin`) are not
 * declared here: they are field resolvers (ClientPersonalDataResolver) so that no path can return them
 * without the access record and the role rules.
 */
@ObjectType('Client')
export class ClientType {
  @Field(() => ID)
  id!: string;

  @Field(() => RegionEnum)
  region!: RegionEnum;

  @Field(() => [String], { description: 'ISO 639-1 codes' })
  languages!: string[];

  @Field(() => [ClientNeedEnum])
  needs!: ClientNeedEnum[];

  @Field(() => ClientStatusEnum)
  status!: ClientStatusEnum;

  @Field({ description: 'Personal data was erased (crypto-shredded); ids and consent facts remain' })
  erased!: boolean;

  @Field(() => DateTimeScalar)
  registeredAt!: string;

  @Field(() => DateScalar, { nullable: true })
  departedOn!: string | null;

  /** The read-model document the personal-data field resolvers read; not exposed. */
  document!: ClientDocument;
}

@ObjectType('Consent')
export class ConsentType {
  @Field(() => ID)
  id!: string;

  @Field(() => ConsentStatusEnum, { description: 'As of the moment of the query' })
  status!: ConsentStatusEnum;

  @Field(() => [String])
  purposes!: string[];

  @Field(() => [DataCategoryEnum])
  dataCategories!: DataCategoryEnum[];

  @Field(() => [String], { description: 'Party ids or the role ASSIGNED_VOLUNTEER' })
  recipients!: string[];

  @Field(() => LawfulBasisEnum)
  lawfulBasis!: LawfulBasisEnum;

  @Field(() => DateTimeScalar)
  givenOn!: string;

  @Field(() => DateScalar, { nullable: true })
  expiresOn!: string | null;

  @Field(() => DateTimeScalar, { nullable: true })
  withdrawnOn!: string | null;

  @Field(() => ConsentMethodEnum)
  method!: ConsentMethodEnum;

  @Field(() => ConsentMethodEnum, { nullable: true })
  withdrawalMethod!: ConsentMethodEnum | null;

  @Field()
  evidenceRef!: string;

  @Field()
  noticeVersion!: string;

  @Field()
  language!: string;

  @Field()
  interpreterUsed!: boolean;

  @Field(() => DateTimeScalar)
  recordedAt!: string;
}

@ObjectType('Disclosure')
export class DisclosureType {
  @Field(() => ID)
  id!: string;

  @Field(() => DisclosureOutcomeEnum)
  outcome!: DisclosureOutcomeEnum;

  @Field()
  recipient!: string;

  @Field()
  purpose!: string;

  @Field(() => [DataCategoryEnum])
  dataCategories!: DataCategoryEnum[];

  @Field(() => String, { nullable: true, description: 'The consent that covered a disclosure' })
  consentId!: string | null;

  @Field(() => String, { nullable: true, description: 'The legal provision cited instead of consent' })
  legalObligation!: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Why a disclosure was refused, e.g. CONSENT.NOT_IN_FORCE',
  })
  refusalCode!: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'The coverage verdict behind a refusal, e.g. CONSENT.WITHDRAWN',
  })
  coverageCode!: string | null;

  @Field(() => DateTimeScalar)
  at!: string;

  @Field({ description: 'Who disclosed or asked to disclose' })
  by!: string;

  @Field(() => String, { nullable: true })
  matchId!: string | null;
}
