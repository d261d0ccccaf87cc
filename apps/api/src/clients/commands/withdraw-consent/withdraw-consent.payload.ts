import { Field, ObjectType } from '@nestjs/graphql';
import { ConsentType } from '../../model/client.types';

@ObjectType()
export class WithdrawConsentPayload {
  @Field(() => ConsentType)
  consent!: ConsentType;

  @Field({ description: 'Position of the last event of the command' })
  position!: string;
}
