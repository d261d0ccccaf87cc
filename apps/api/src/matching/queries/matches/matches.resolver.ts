import { Args, Query, Resolver } from '@nestjs/graphql';
import { Ctx, Roles } from '../../../platform/auth/auth.decorators';
import type { RequestContext } from '../../../platform/auth/request-context';
import { DEFAULT_PAGE_SIZE, toConnection, type ConnectionShape } from '../../../shared/connection';
import { principalOf } from '../../shared/match-command-runner';
import { MatchConnection, toMatchModel, type MatchModel } from '../../shared/match.model';
import { MatchReader } from '../../shared/match-reader';
import { MatchesArgs } from './matches.args';

@Resolver()
export class MatchesResolver {
  constructor(private readonly reader: MatchReader) {}

  @Query(() => MatchConnection, { description: 'Matches in your regions, newest proposal first.' })
  @Roles('COORDINATOR', 'AUDITOR', 'ADMIN')
  async matches(
    @Args() args: MatchesArgs,
    @Ctx() context: RequestContext,
  ): Promise<ConnectionShape<MatchModel>> {
    const page = await this.reader.list(
      principalOf(context),
      args.filter ?? {},
      args.first ?? DEFAULT_PAGE_SIZE,
      args.after ?? null,
    );
    return toConnection(page, page.totalCount, (item) => toMatchModel(item.document, item.region));
  }
}
