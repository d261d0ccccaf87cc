import { Inject, Injectable } from '@nestjs/common';
import { GraphQLError } from 'graphql';
import { volunteerDecider, volunteerStreamId, type Instant, type VolunteerCommand } from '@app/domain';
import type { StoredDocument } from '@app/read-models';
import type { Clock, Principal } from '@app/platform';
import { VOLUNTEERS_READ_MODEL, type VolunteerDocument } from '@app/read-models/volunteers';
import type { RequestContext } from '../platform/auth/request-context';
import { CommandGateway } from '../platform/commands/command-gateway';
import { notFound } from '../platform/commands/command-errors';
import { READ_SIDE, getDocument, type ReadSide } from '../platform/read-side';
import { CLOCK } from '../platform/tokens';
import { assertVisible } from '../shared/regions';
import { toVolunteerModel, type VolunteerModel } from './volunteer.model';

export interface VolunteerPayloadShape {
  readonly volunteer: VolunteerModel;
  readonly position: string;
}

/** What a volunteer command needs besides its own fields; time and id come from the server, never the caller. */
export interface VolunteerCommandBase {
  readonly volunteerId: string;
  readonly now: Instant;
}

export const principalOf = (context: RequestContext): Principal => {
  if (context.principal === null) {
    throw new GraphQLError('Sign-in required', { extensions: { code: 'UNAUTHENTICATED' } });
  }
  return context.principal;
};

export const forbidden = (): GraphQLError =>
  new GraphQLError('Not allowed for your regions', { extensions: { code: 'FORBIDDEN' } });

/**
 * The shared path of every volunteer mutation: the volunteer must be visible to the caller (else NOT_FOUND,
 * exactly as if it did not exist), the command runs through the gateway on the volunteer's stream, and the
 * payload is read back from the read model the gateway waited for.
 */
@Injectable()
export class VolunteerCommandRunner {
  constructor(
    private readonly gateway: CommandGateway,
    @Inject(READ_SIDE) private readonly readSide: ReadSide,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async visibleVolunteer(
    principal: Principal,
    volunteerId: string,
  ): Promise<StoredDocument<VolunteerDocument>> {
    const stored = await getDocument<VolunteerDocument>(this.readSide, VOLUNTEERS_READ_MODEL, volunteerId);
    assertVisible(principal, stored?.data ?? null, 'Volunteer');
    return stored as StoredDocument<VolunteerDocument>;
  }

  /** Runs `build`'s command on an existing volunteer the caller may see. */
  async onExisting(
    name: string,
    context: RequestContext,
    volunteerId: string,
    suppliedCommandId: string | undefined | null,
    build: (base: VolunteerCommandBase, commandId: string) => VolunteerCommand,
  ): Promise<VolunteerPayloadShape> {
    await this.visibleVolunteer(principalOf(context), volunteerId);
    return this.run(name, context, volunteerId, suppliedCommandId, build);
  }

  /** Runs a command on the volunteer's stream without a visibility check (the caller made its own). */
  async run(
    name: string,
    context: RequestContext,
    volunteerId: string,
    suppliedCommandId: string | undefined | null,
    build: (base: VolunteerCommandBase, commandId: string) => VolunteerCommand,
  ): Promise<VolunteerPayloadShape> {
    const commandId = this.gateway.commandId(suppliedCommandId);
    const result = await this.gateway.execute({
      name,
      streamId: volunteerStreamId(volunteerId),
      decider: volunteerDecider,
      command: build({ volunteerId, now: this.gateway.now() }, commandId),
      context,
      commandId,
      readModels: [VOLUNTEERS_READ_MODEL],
    });
    return {
      volunteer: await this.readBack(principalOf(context), volunteerId),
      position: result.position.toString(),
    };
  }

  async readBack(principal: Principal, volunteerId: string): Promise<VolunteerModel> {
    const stored = await getDocument<VolunteerDocument>(this.readSide, VOLUNTEERS_READ_MODEL, volunteerId);
    if (stored === null) throw notFound('Volunteer');
    return toVolunteerModel(stored.id, stored.data, principal, this.clock.now());
  }
}
