import { Inject } from '@nestjs/common';
import { Args, ID, Query, Resolver } from '@nestjs/graphql';
import type { Clock } from '@app/platform';
import { Ctx, Roles } from '../../../platform/auth/auth.decorators';
import type { RequestContext } from '../../../platform/auth/request-context';
import { CLOCK } from '../../../platform/tokens';
import { principalOf, VolunteerCommandRunner } from '../../volunteer-command-runner';
import { toVolunteerModel, VolunteerModel } from '../../volunteer.model';

@Resolver(() => VolunteerModel)
export class VolunteerResolver {
  constructor(
    private readonly volunteers: VolunteerCommandRunner,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Query(() => VolunteerModel, { description: 'One volunteer; NOT_FOUND when outside your regions.' })
  @Roles('COORDINATOR', 'ADMIN')
  async volunteer(
    @Args('id', { type: () => ID }) id: string,
    @Ctx() context: RequestContext,
  ): Promise<VolunteerModel> {
    const principal = principalOf(context);
    const stored = await this.volunteers.visibleVolunteer(principal, id);
    return toVolunteerModel(stored.id, stored.data, principal, this.clock.now());
  }
}
