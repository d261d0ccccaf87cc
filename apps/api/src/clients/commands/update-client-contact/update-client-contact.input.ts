import { Field, ID, InputType } from '@nestjs/graphql';
import { IsEmail, IsOptional, IsUUID, Matches, MaxLength } from 'class-validator';
import { IsContactAddress, IsRecordKey, PHONE_NUMBER } from '../client-command.support';

/** The new contact replaces the old one as a whole; at least one of its parts is required. */
@InputType()
export class UpdateClientContactInput {
  @Field(() => String, { nullable: true, description: 'Idempotency key' })
  @IsOptional()
  @IsRecordKey()
  commandId?: string | null;

  @Field(() => ID)
  @IsUUID()
  clientId!: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsEmail()
  @MaxLength(254)
  email?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Matches(PHONE_NUMBER, { message: 'phone must be a phone number' })
  phone?: string | null;

  @Field(() => String, { nullable: true })
  @IsContactAddress()
  address?: string | null;
}
