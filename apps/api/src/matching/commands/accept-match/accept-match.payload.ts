import { Field, ID, ObjectType } from '@nestjs/graphql';
import { ContactDisclosureOutcomeEnum } from '../../shared/matching.enums';
import { MatchModel } from '../../shared/match.model';
import type { MatchPayloadShape } from '../../shared/match-command-runner';

@ObjectType('ContactDisclosureResult', {
  description:
    "What became of disclosing the client's contact to the volunteer, as recorded on the client's stream.",
})
export class ContactDisclosureResult {
  @Field(() => ID)
  disclosureId!: string;

  @Field(() => ContactDisclosureOutcomeEnum)
  outcome!: ContactDisclosureOutcomeEnum;

  @Field(() => ID, { nullable: true, description: 'The consent that covered a DISCLOSED outcome.' })
  consentId!: string | null;

  @Field(() => String, { nullable: true, description: 'CONSENT.NOT_IN_FORCE for a REFUSED outcome.' })
  refusalCode!: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'The coverage verdict behind a refusal, e.g. CONSENT.WITHDRAWN.',
  })
  coverageCode!: string | null;
}

/** A match and the outcome of its contact disclosure: what accepting a match and disclosing its contact answer. */
@ObjectType({ isAbstract: true })
export abstract class MatchContactPayload implements MatchPayloadShape {
  @Field(() => MatchModel)
  match!: MatchModel;

  @Field(() => ContactDisclosureResult)
  contactDisclosure!: ContactDisclosureResult;

  @Field({
    description: 'Position of the last event (the disclosure or its refusal)',
  })
  position!: string;
}

@ObjectType('AcceptMatchPayload')
export class AcceptMatchPayload extends MatchContactPayload {}
