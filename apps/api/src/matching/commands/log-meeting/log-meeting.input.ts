import { Field, Float, ID, InputType } from '@nestjs/graphql';
import { IsEnum, IsNumber, Matches } from 'class-validator';
import { DateScalar } from '../../../shared/scalars';
import { MeetingActivityEnum, MeetingPlaceEnum } from '../../shared/matching.enums';
import { CommandIdRules, IdRules } from '../../shared/input-rules';

@InputType()
export class LogMeetingInput {
  @Field(() => ID)
  @IdRules()
  matchId!: string;

  @Field(() => DateScalar, { description: 'The day the pair met; not in the future.' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/)
  date!: string;

  // Range (0, 12] and quarter-hour steps are the domain's rules: it answers with their MEETING.* codes.
  @Field(() => Float, { description: 'Hours in quarter-hour steps, more than 0 and at most 12.' })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  hours!: number;

  @Field(() => MeetingActivityEnum)
  @IsEnum(MeetingActivityEnum)
  activity!: MeetingActivityEnum;

  @Field(() => MeetingPlaceEnum)
  @IsEnum(MeetingPlaceEnum)
  place!: MeetingPlaceEnum;

  @Field(() => String, { nullable: true, description: 'Idempotency key.' })
  @CommandIdRules()
  commandId?: string | null;
}
