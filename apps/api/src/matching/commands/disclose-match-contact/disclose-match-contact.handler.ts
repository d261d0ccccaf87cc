import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  clientDecider,
  clientStreamId,
  contactDisclosureForMatch,
  matchContactDisclosureRejection,
} from '@app/domain';
import { rejectionError } from '../../../platform/commands/command-errors';
import { disclosureResult } from '../../shared/contact-disclosure';
import { MatchCommandRunner, principalOf } from '../../shared/match-command-runner';
import { MATCH_READ_MODELS } from '../../shared/match-reader';
import { DiscloseMatchContactCommand } from './disclose-match-contact.command';
import type { DiscloseMatchContactPayload } from './disclose-match-contact.payload';

/**
 * The contact disclosure of a started match, asked for again: after the acceptance recorded a refusal (no
 * consent yet), the coordinator obtains consent and discloses. Decided on the client's stream as on
 * acceptance, under the same rule; the match's standing is read from the matches read model, as acceptance
 * reads it for twins. A re-sent command replays its outcome, even after the contact was disclosed by it.
 */
@CommandHandler(DiscloseMatchContactCommand)
export class DiscloseMatchContactHandler implements ICommandHandler<
  DiscloseMatchContactCommand,
  DiscloseMatchContactPayload
> {
  constructor(private readonly runner: MatchCommandRunner) {}

  async execute({ input, context }: DiscloseMatchContactCommand): Promise<DiscloseMatchContactPayload> {
    const principal = principalOf(context);
    const { gateway, reader } = this.runner;
    const commandId = gateway.commandId(input.commandId);
    const disclosureId = gateway.newEntityId('DiscloseMatchContact', commandId);
    const { document } = await reader.visibleMatch(principal, input.matchId);
    // A re-send of the command that disclosed finds its own disclosure on the match: it replays, not refuses.
    const ownDisclosure = document.contactDisclosure?.disclosureId === disclosureId;
    const refusal = ownDisclosure
      ? undefined
      : matchContactDisclosureRejection({
          status: document.status,
          contactDisclosed: document.contactDisclosure?.status === 'DISCLOSED',
        });
    if (refusal !== undefined) throw rejectionError(refusal);
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
}
