import { CommandBus } from '@nestjs/cqrs';
import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { Ctx, Roles } from '../../../platform/auth/auth.decorators';
import type { RequestContext } from '../../../platform/auth/request-context';
import { RevokeCertificateCommand } from './revoke-certificate.command';
import { RevokeCertificateInput } from './revoke-certificate.input';
import { RevokeCertificatePayload } from './revoke-certificate.payload';

@Resolver()
export class RevokeCertificateResolver {
  constructor(private readonly commandBus: CommandBus) {}

  @Mutation(() => RevokeCertificatePayload, {
    description:
      'Revokes a certificate; it then verifies as revoked. The certificate itself is never deleted.',
  })
  @Roles('ADMIN')
  revokeCertificate(
    @Args('input') input: RevokeCertificateInput,
    @Ctx() context: RequestContext,
  ): Promise<RevokeCertificatePayload> {
    return this.commandBus.execute(new RevokeCertificateCommand(input, context));
  }
}
