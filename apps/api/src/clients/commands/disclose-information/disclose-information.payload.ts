import { Field, ID, ObjectType } from '@nestjs/graphql';
import { DisclosureOutcomeEnum } from '../../model/client.enums';

/** A refusal is a recorded outcome of the command, not an error. */
@ObjectType()
export class DiscloseInformationPayload {
  @Field(() => DisclosureOutcomeEnum)
  outcome!: DisclosureOutcomeEnum;

  @Field(() => ID)
  disclosureId!: string;

  @Field(() => String, { nullable: true, description: 'Why it was refused, e.g. CONSENT.NOT_IN_FORCE' })
  refusalCode!: string | null;

  @Field({ description: 'Position of the last event of the command' })
  position!: string;
}
