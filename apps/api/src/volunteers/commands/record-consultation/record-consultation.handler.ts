import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { GraphQLError } from 'graphql';
import type { Principal } from '@app/platform';
import {
  matchClientRegionsProjection,
  matchesProjection,
  type MatchClientRegionDocument,
  type MatchDocument,
} from '@app/read-models/matching';
import { CommandGateway } from '../../../platform/commands/command-gateway';
import { getDocument, READ_SIDE, type ReadSide } from '../../../platform/read-side';
import { canSeeRegion } from '../../../shared/regions';
import { principalOf, VolunteerCommandRunner } from '../../volunteer-command-runner';
import { RecordConsultationCommand } from './record-consultation.command';
import type { RecordConsultationPayload } from './record-consultation.payload';

@CommandHandler(RecordConsultationCommand)
export class RecordConsultationHandler implements ICommandHandler<RecordConsultationCommand> {
  constructor(
    private readonly gateway: CommandGateway,
    private readonly runner: VolunteerCommandRunner,
    @Inject(READ_SIDE) private readonly readSide: ReadSide,
  ) {}

  async execute({ input, context }: RecordConsultationCommand): Promise<RecordConsultationPayload> {
    const principal = principalOf(context);
    // The volunteer first: checking the match of an invisible volunteer would tell which pairs exist.
    await this.runner.visibleVolunteer(principal, input.volunteerId);
    const matchId = input.matchId ?? undefined;
    if (matchId !== undefined)
      await this.assertVisibleMatchOfVolunteer(principal, matchId, input.volunteerId);
    const commandId = this.gateway.commandId(input.commandId);
    return this.runner.run('RecordConsultation', context, input.volunteerId, commandId, (base) => ({
      type: 'RecordConsultation',
      data: {
        ...base,
        consultationId: this.gateway.newEntityId('RecordConsultation', commandId),
        with: input.with,
        heldOn: input.heldOn,
        ...(matchId === undefined ? {} : { matchId }),
        ...(input.notes === undefined || input.notes === null ? {} : { notes: input.notes }),
      },
    }));
  }

  /**
   * A consultation about a match must name one of this volunteer's matches that the caller may see. A match
   * outside the caller's regions answers exactly as one that does not exist, as `match(id)` does: its region
   * is its client's, and a volunteer may serve regions the caller does not.
   */
  private async assertVisibleMatchOfVolunteer(
    principal: Principal,
    matchId: string,
    volunteerId: string,
  ): Promise<void> {
    const match = await getDocument<MatchDocument>(this.readSide, matchesProjection.name, matchId);
    if (
      match === null ||
      match.data.volunteerId !== volunteerId ||
      !(await this.maySee(principal, match.data))
    ) {
      throw new GraphQLError("matchId: not one of this volunteer's matches", {
        extensions: { code: 'MATCH.NOT_FOUND', field: 'matchId' },
      });
    }
  }

  private async maySee(principal: Principal, match: MatchDocument): Promise<boolean> {
    if (principal.role !== 'COORDINATOR') return true;
    const region = await getDocument<MatchClientRegionDocument>(
      this.readSide,
      matchClientRegionsProjection.name,
      match.clientId,
    );
    return region !== null && canSeeRegion(principal, region.data.region);
  }
}
