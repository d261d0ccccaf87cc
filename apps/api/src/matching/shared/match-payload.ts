import type { Type } from '@nestjs/common';
import { Field, ObjectType } from '@nestjs/graphql';
import { MatchModel } from './match.model';
import type { MatchPayloadShape } from './match-command-runner';

/** `<Verb>Payload { match, position }`: the affected match and the position of the command's last event. */
export function MatchPayload(name: string): Type<MatchPayloadShape> {
  @ObjectType(name)
  class Payload {
    @Field(() => MatchModel)
    match!: MatchModel;

    @Field({ description: 'Position of the last event of the command' })
    position!: string;
  }
  return Payload;
}
