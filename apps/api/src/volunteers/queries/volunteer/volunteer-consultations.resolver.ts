import { Inject } from '@nestjs/common';
import { Parent, ResolveField, Resolver } from '@nestjs/graphql';
import type { Principal } from '@app/platform';
import {
  matchClientRegionsProjection,
  matchesProjection,
  type MatchClientRegionDocument,
  type MatchDocument,
} from '@app/read-models/matching';
import { Ctx } from '../../../platform/auth/auth.decorators';
import type { RequestContext } from '../../../platform/auth/request-context';
import { getDocument, READ_SIDE, type ReadSide } from '../../../platform/read-side';
import { canSeeRegion } from '../../../shared/regions';
import { ConsultationModel, VolunteerModel } from '../../volunteer.model';

/**
 * A volunteer may serve regions the caller does not, and a consultation about one of their matches there is
 * about a client the caller may not see: `match(id)` answers NOT_FOUND to them. Such a consultation keeps what
 * is the volunteer's (when, with whom) and loses its match id and notes, wherever a volunteer is returned.
 */
@Resolver(() => VolunteerModel)
export class VolunteerConsultationsResolver {
  constructor(@Inject(READ_SIDE) private readonly readSide: ReadSide) {}

  @ResolveField(() => [ConsultationModel])
  async consultations(
    @Parent() volunteer: VolunteerModel,
    @Ctx() context: RequestContext,
  ): Promise<ConsultationModel[]> {
    const { principal } = context;
    if (principal?.role !== 'COORDINATOR') return volunteer.consultations;
    const matchIds = new Set<string>();
    for (const consultation of volunteer.consultations) {
      if (consultation.matchId !== null) matchIds.add(consultation.matchId);
    }
    if (matchIds.size === 0) return volunteer.consultations;
    const visible = new Map<string, boolean>();
    await Promise.all(
      [...matchIds].map(async (matchId) => visible.set(matchId, await this.maySeeMatch(principal, matchId))),
    );
    return volunteer.consultations.map((consultation) =>
      consultation.matchId === null || visible.get(consultation.matchId) === true
        ? consultation
        : { ...consultation, matchId: null, notes: null },
    );
  }

  private async maySeeMatch(principal: Principal, matchId: string): Promise<boolean> {
    const match = await getDocument<MatchDocument>(this.readSide, matchesProjection.name, matchId);
    if (match === null) return false;
    const region = await getDocument<MatchClientRegionDocument>(
      this.readSide,
      matchClientRegionsProjection.name,
      match.data.clientId,
    );
    return region !== null && canSeeRegion(principal, region.data.region);
  }
}
