import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { GraphQLError } from 'graphql';
import { matchesProjection, type MatchDocument } from '@app/read-models/matching';
import { CommandGateway } from '../../../platform/commands/command-gateway';
import { getDocument, READ_SIDE, type ReadSide } from '../../../platform/read-side';
import { VolunteerCommandRunner } from '../../volunteer-command-runner';
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
    const matchId = input.matchId ?? undefined;
    if (matchId !== undefined) await this.assertMatchOfVolunteer(matchId, input.volunteerId);
    const commandId = this.gateway.commandId(input.commandId);
    return this.runner.onExisting('RecordConsultation', context, input.volunteerId, commandId, (base) => ({
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

  /** A consultation about a match must name one of this volunteer's matches, not any id. */
  private async assertMatchOfVolunteer(matchId: string, volunteerId: string): Promise<void> {
    const match = await getDocument<MatchDocument>(this.readSide, matchesProjection.name, matchId);
    if (match === null || match.data.volunteerId !== volunteerId) {
      throw new GraphQLError("matchId: not one of this volunteer's matches", {
        extensions: { code: 'MATCH.NOT_FOUND', field: 'matchId' },
      });
    }
  }
}
