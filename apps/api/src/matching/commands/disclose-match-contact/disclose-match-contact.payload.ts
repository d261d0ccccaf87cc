import { Field, ObjectType } from '@nestjs/graphql';
import { MatchModel } from '../../shared/match.model';
import type { MatchPayloadShape } from '../../shared/match-command-runner';
import { ContactDisclosureResult } from '../accept-match/accept-match.payload';

@ObjectType('DiscloseMatchContactPayload')
export class DiscloseMatchContactPayload implements MatchPayloadShape {
  @Field(() => MatchModel)
  match!: MatchModel;

  @Field(() => ContactDisclosureResult)
  contactDisclosure!: ContactDisclosureResult;

  @Field({ description: 'Position of the last event (the disclosure or its refusal)' })
  position!: string;
}
