import { Field, ID, InputType } from '@nestjs/graphql';
import {
  ArrayNotEmpty,
  IsArray,
  IsEnum,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
} from 'class-validator';
import { PURPOSES } from '@app/domain';
import { DataCategoryEnum } from '../../../shared/enums';
import { IsRecordKey } from '../client-command.support';
import { IsNotBlank } from '../../../shared/validation';
import { PartyIdRules } from '../../../shared/party-id';

@InputType()
export class DiscloseInformationInput {
  @Field(() => String, {
    nullable: true,
    description: 'Idempotency key: re-sending returns the same outcome',
  })
  @IsOptional()
  @IsRecordKey()
  commandId?: string | null;

  @Field(() => ID)
  @IsUUID()
  clientId!: string;

  @Field({ description: 'The party id the data goes to' })
  @PartyIdRules('recipient')
  recipient!: string;

  @Field({ description: `One of ${PURPOSES.join(', ')}` })
  @IsIn(PURPOSES)
  purpose!: string;

  @Field(() => [DataCategoryEnum])
  @IsArray()
  @ArrayNotEmpty()
  @IsEnum(DataCategoryEnum, { each: true })
  dataCategories!: DataCategoryEnum[];

  @Field(() => String, {
    nullable: true,
    description: 'Reference of the legal provision that obliges the disclosure; consent is then not needed',
  })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @IsNotBlank()
  @MaxLength(500)
  legalObligation?: string | null;
}
