import { Field, ObjectType } from '@nestjs/graphql';
import { ClientType } from '../../model/client.types';

@ObjectType()
export class RecordClientDeparturePayload {
  @Field(() => ClientType)
  client!: ClientType;

  @Field({ description: 'Position of the last event of the command' })
  position!: string;
}
