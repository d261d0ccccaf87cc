import { Inject } from '@nestjs/common';
import { ID, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { VOLUNTEERS_READ_MODEL, type VolunteerDocument } from '@app/read-models/volunteers';
import { Ctx } from '../../../platform/auth/auth.decorators';
import type { RequestContext } from '../../../platform/auth/request-context';
import { READ_SIDE, type ReadSide } from '../../../platform/read-side';
import { requestDocuments } from '../../../platform/request-documents';
import { canSeeRegion } from '../../../shared/regions';
import { ProgramSessionModel } from '../../program-session.model';

/**
 * A session is seen by coordinators of its region, but its attendees may include volunteers of other regions
 * (whoever recorded it served both). A coordinator is shown only the attendees `volunteer(id)` would show them;
 * `attendeeCount` still counts everyone who attended.
 */
@Resolver(() => ProgramSessionModel)
export class ProgramSessionAttendeesResolver {
  constructor(@Inject(READ_SIDE) private readonly readSide: ReadSide) {}

  @ResolveField(() => [ID])
  async attendees(@Parent() session: ProgramSessionModel, @Ctx() context: RequestContext): Promise<string[]> {
    const { principal } = context;
    if (principal?.role !== 'COORDINATOR' || session.attendees.length === 0) return session.attendees;
    const volunteers = requestDocuments<VolunteerDocument>(context, this.readSide, VOLUNTEERS_READ_MODEL);
    const found = await volunteers.loadMany(session.attendees);
    return session.attendees.filter((_volunteerId, index) => {
      const volunteer = found[index];
      return (
        volunteer !== null &&
        volunteer !== undefined &&
        !(volunteer instanceof Error) &&
        volunteer.regions.some((region) => canSeeRegion(principal, region))
      );
    });
  }
}
