import { Inject } from '@nestjs/common';
import { Args, ArgsType, Field, ID, Int, Query, Resolver } from '@nestjs/graphql';
import { IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import type { AppConfig } from '@app/platform';
import type { CertificateDocument } from '@app/read-models/certificates';
import { Ctx, Roles } from '../../../platform/auth/auth.decorators';
import type { RequestContext } from '../../../platform/auth/request-context';
import { READ_SIDE, findDocuments, type ReadSide } from '../../../platform/read-side';
import { APP_CONFIG } from '../../../platform/tokens';
import {
  Connection,
  DEFAULT_PAGE_SIZE,
  MAX_PAGE_SIZE,
  toConnection,
  type ConnectionShape,
} from '../../../shared/connection';
import { listCursorsOf, pageOfList } from '../../../shared/cursors';
import { CertificateModel, toCertificateModel } from '../../certificate.model';
import { CertificateReader } from '../../certificate-reader';

export const CertificateConnection = Connection(CertificateModel, 'Certificate');

@ArgsType()
export class CertificatesArgs {
  @Field(() => ID)
  @IsUUID()
  volunteerId!: string;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  first?: number;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  after?: string;
}

@Resolver()
export class CertificatesResolver {
  constructor(
    @Inject(READ_SIDE) private readonly readSide: ReadSide,
    private readonly reader: CertificateReader,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Query(() => CertificateConnection, { description: "A volunteer's certificates, newest first." })
  @Roles('COORDINATOR', 'ADMIN')
  async certificates(
    @Args() args: CertificatesArgs,
    @Ctx() context: RequestContext,
  ): Promise<ConnectionShape<CertificateModel>> {
    if (context.principal === null) throw new Error('unreachable: the guard requires a principal');
    const principal = context.principal;
    const filter = { volunteerId: args.volunteerId };
    const list = { name: 'certificates', arguments: filter };
    const cursors = await listCursorsOf(this.config);
    const page = await pageOfList(cursors, list, args.after, async (storeAfter) => {
      await this.reader.visibleVolunteer(principal, args.volunteerId);
      return findDocuments<CertificateDocument>(this.readSide, 'certificates', {
        filter,
        sort: [{ field: 'issuedOn', direction: 'desc' }],
        first: args.first ?? DEFAULT_PAGE_SIZE,
        after: storeAfter,
      });
    });
    const total = await this.readSide.documents.count(await this.readSide.collection('certificates'), filter);
    return toConnection(page, total, (item) => toCertificateModel(item.data));
  }
}
