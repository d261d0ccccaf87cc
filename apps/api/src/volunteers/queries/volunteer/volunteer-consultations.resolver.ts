import { Inject } from '@nestjs/common';
import { Parent, ResolveField, Resolver } from '@nestjs/graphql';
import {
  matchClientRegionsProjection,
  matchesProjection,
  type MatchClientRegionDocument,
  type MatchDocument,
} from '@app/read-models/matching';
import { Ctx } from '../../../platform/auth/auth.decorators';
import type { RequestContext } from '../../../platform/auth/request-context';
import { READ_SIDE, type ReadSide } from '../../../platform/read-side';
import { requestDocuments } from '../../../platform/request-documents';
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
      [...matchIds].map(async (matchId) => visible.set(matchId, await this.maySeeMatch(context, matchId))),
    );
    return volunteer.consultations.map((consultation) =>
      consultation.matchId === null || visible.get(consultation.matchId) === true
        ? consultation
        : { ...consultation, matchId: null, notes: null },
    );
  }

  private async maySeeMatch(context: RequestContext, matchId: string): Promise<boolean> {
    const { principal } = context;
    if (principal === null) return false;
    const match = await requestDocuments<MatchDocument>(context, this.readSide, matchesProjection.name).load(
      matchId,
    );
    if (match === null) return false;
    const region = await requestDocuments<MatchClientRegionDocument>(
      context,
      this.readSide,
      matchClientRegionsProjection.name,
    ).load(match.clientId);
    return region !== null && canSeeRegion(principal, region.region);
  }
}
