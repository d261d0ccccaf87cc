import { Field, ObjectType } from '@nestjs/graphql';
import { CertificateModel } from '../../certificate.model';

@ObjectType()
export class RevokeCertificatePayload {
  @Field(() => CertificateModel)
  certificate!: CertificateModel;

  @Field({ description: 'Position of the last event of the command' })
  position!: string;
}
