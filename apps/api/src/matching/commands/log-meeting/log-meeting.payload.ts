import { Field, ID, ObjectType } from '@nestjs/graphql';
import { MatchModel } from '../../shared/match.model';
import type { MatchPayloadShape } from '../../shared/match-command-runner';

@ObjectType('LogMeetingPayload')
export class LogMeetingPayload implements MatchPayloadShape {
  @Field(() => MatchModel)
  match!: MatchModel;

  @Field(() => ID, { description: 'The logged meeting, to approve or decline it.' })
  meetingId!: string;

  @Field({ description: 'Position of the last event of the command' })
  position!: string;
}
