import { Args, ID, Query, Resolver } from '@nestjs/graphql';
import { Ctx, Roles } from '../../../platform/auth/auth.decorators';
import type { RequestContext } from '../../../platform/auth/request-context';
import { principalOf } from '../../shared/match-command-runner';
import { MatchModel, toMatchModel } from '../../shared/match.model';
import { MatchReader } from '../../shared/match-reader';

@Resolver(() => MatchModel)
export class MatchResolver {
  constructor(private readonly reader: MatchReader) {}

  // Auditors may read matches: they carry ids, codes, dates and hours, no personal data.
  @Query(() => MatchModel, { description: 'One match; NOT_FOUND outside your regions.' })
  @Roles('COORDINATOR', 'AUDITOR', 'ADMIN')
  async match(
    @Args('id', { type: () => ID }) id: string,
    @Ctx() context: RequestContext,
  ): Promise<MatchModel> {
    const visible = await this.reader.visibleMatch(principalOf(context), id);
    return toMatchModel(visible.document, visible.region);
  }
}
