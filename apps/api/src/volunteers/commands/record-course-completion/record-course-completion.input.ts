import { Field, ID, InputType } from '@nestjs/graphql';
import { IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { IDEMPOTENCY_KEY_DESCRIPTION } from '../../volunteer-input.rules';
import { DateScalar } from '../../../shared/scalars';
import { IsNotBlank } from '../../../shared/validation';

@InputType()
export class RecordCourseCompletionInput {
  @Field(() => ID, { nullable: true, description: IDEMPOTENCY_KEY_DESCRIPTION })
  @IsOptional()
  @IsUUID()
  commandId?: string;

  @Field(() => ID)
  @IsUUID()
  volunteerId!: string;

  @Field()
  @IsString()
  @IsNotEmpty()
  @IsNotBlank()
  @MaxLength(100)
  courseId!: string;

  @Field(() => DateScalar)
  @IsString()
  completedOn!: string;
}
