import { Field, ID, InputType } from '@nestjs/graphql';
import { IsOptional, IsUUID } from 'class-validator';
import { IDEMPOTENCY_KEY_DESCRIPTION } from '../../volunteer-input.rules';

@InputType()
export class StartVolunteerTrainingInput {
  @Field(() => ID, { nullable: true, description: IDEMPOTENCY_KEY_DESCRIPTION })
  @IsOptional()
  @IsUUID()
  commandId?: string;

  @Field(() => ID)
  @IsUUID()
  volunteerId!: string;
}
