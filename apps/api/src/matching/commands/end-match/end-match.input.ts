import { Field, ID, InputType } from '@nestjs/graphql';
import { IsOptional, Matches } from 'class-validator';
import { DateScalar } from '../../../shared/scalars';
import { CommandIdRules, IdRules, ReasonCodeRules } from '../../shared/input-rules';

@InputType()
export class EndMatchInput {
  @Field(() => ID)
  @IdRules()
  matchId!: string;

  @Field()
  @ReasonCodeRules()
  reasonCode!: string;

  @Field(() => DateScalar, {
    nullable: true,
    description:
      'Defaults to today. Not before the day the match was accepted (MATCH.END_BEFORE_START) nor before a meeting logged in it, declined ones aside (MATCH.END_BEFORE_LAST_MEETING).',
  })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/)
  endedOn?: string | null;

  @Field(() => String, { nullable: true, description: 'Idempotency key.' })
  @CommandIdRules()
  commandId?: string | null;
}
