import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  clientDecider,
  clientStreamId,
  contactDisclosureForMatch,
  matchContactDisclosureRejection,
} from '@app/domain';
import { clientRecordId, DISCLOSURES_READ_MODEL } from '@app/read-models/clients';
import { rejectionError } from '../../../platform/commands/command-errors';
import { getDocument, READ_SIDE, type ReadSide } from '../../../platform/read-side';
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
    @Inject(READ_SIDE) private readonly readSide: ReadSide,
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
    // command, or ended): its decision is already recorded.
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
      readModels: [...MATCH_READ_MODELS, DISCLOSURES_READ_MODEL],
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
    // The disclosures read model holds every decision by its id; the command that made it waited for it.
    const decided = await getDocument(
      this.readSide,
      DISCLOSURES_READ_MODEL,
      clientRecordId(document.clientId, disclosureId),
    );
    return decided !== null;
  }
}
