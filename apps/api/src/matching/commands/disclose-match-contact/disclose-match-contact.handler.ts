import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  clientDecider,
  clientStreamId,
  contactDisclosureForMatch,
  matchContactDisclosureRejection,
} from '@app/domain';
import type { EventStore } from '@app/event-store';
import { rejectionError } from '../../../platform/commands/command-errors';
import { EVENT_STORE } from '../../../platform/tokens';
import { disclosureResult } from '../../shared/contact-disclosure';
import { MatchCommandRunner, principalOf } from '../../shared/match-command-runner';
import { MATCH_READ_MODELS } from '../../shared/match-reader';
import { DiscloseMatchContactCommand } from './disclose-match-contact.command';
import type { DiscloseMatchContactPayload } from './disclose-match-contact.payload';

/**
 * The contact disclosure of a started match, asked for again: after the acceptance recorded a refusal (no
 * consent yet), the coordinator obtains consent and discloses. Decided on the client's stream as on
 * acceptance, under the same rule; the match's standing is read from the matches read model, as acceptance
 * reads it for twins. A re-sent command replays its outcome, whatever the match's standing since.
 */
@CommandHandler(DiscloseMatchContactCommand)
export class DiscloseMatchContactHandler implements ICommandHandler<
  DiscloseMatchContactCommand,
  DiscloseMatchContactPayload
> {
  constructor(
    private readonly runner: MatchCommandRunner,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async execute({ input, context }: DiscloseMatchContactCommand): Promise<DiscloseMatchContactPayload> {
    const principal = principalOf(context);
    const { gateway, reader } = this.runner;
    const commandId = gateway.commandId(input.commandId);
    const disclosureId = gateway.newEntityId('DiscloseMatchContact', commandId);
    const { document } = await reader.visibleMatch(principal, input.matchId);
    const refusal = matchContactDisclosureRejection({
      status: document.status,
      contactDisclosed: document.contactDisclosure?.status === 'DISCLOSED',
    });
    // A re-sent command replays its outcome whatever the match's standing now (disclosed since by another
    // command, or ended): the client's stream already holds its decision.
    if (refusal !== undefined && !(await this.decidedEarlier(document, disclosureId))) {
      throw rejectionError(refusal);
    }
    const disclosure = await gateway.execute({
      name: 'DiscloseMatchContact',
      streamId: clientStreamId(document.clientId),
      decider: clientDecider,
      command: contactDisclosureForMatch(
        { matchId: input.matchId, clientId: document.clientId, volunteerId: document.volunteerId },
        disclosureId,
        principal.subject,
        gateway.now(),
      ),
      context,
      commandId,
      readModels: MATCH_READ_MODELS,
    });
    const payload = await this.runner.payload(principal, input.matchId, disclosure.position);
    return { ...payload, contactDisclosure: disclosureResult(disclosure.events, disclosureId) };
  }

  private async decidedEarlier(
    document: {
      readonly clientId: string;
      readonly contactDisclosure: { readonly disclosureId: string } | null;
    },
    disclosureId: string,
  ): Promise<boolean> {
    if (document.contactDisclosure?.disclosureId === disclosureId) return true;
    const history = await this.store.readStream(clientStreamId(document.clientId));
    return history.some((event) => event.data.disclosureId === disclosureId);
  }
}
