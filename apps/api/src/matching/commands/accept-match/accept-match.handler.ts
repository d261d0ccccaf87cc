import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { GraphQLError } from 'graphql';
import type { AppConfig } from '@app/platform';
import { APP_CONFIG } from '../../../platform/tokens';
import {
  clientDecider,
  clientStreamId,
  contactDisclosureOnMatchAccepted,
  type MatchAccepted,
} from '@app/domain';
import type { RecordedEvent } from '@app/event-store';
import { DISCLOSURES_READ_MODEL } from '@app/read-models/clients';
import { MatchCommandRunner, principalOf } from '../../shared/match-command-runner';
import { MATCH_READ_MODELS, OPEN_MATCH_STATUSES } from '../../shared/match-reader';
import { PartyFacts } from '../../shared/party-facts';
import { disclosureResult } from '../../shared/contact-disclosure';
import { AcceptMatchCommand } from './accept-match.command';
import type { AcceptMatchPayload } from './accept-match.payload';

/** Whether the disclosure events recorded (or replayed) are of this match's contact. */
const disclosesFor = (events: readonly RecordedEvent[], matchId: string): boolean =>
  events.every((event) => (event.data as { matchId?: unknown }).matchId === matchId);

/**
 * Acceptance and the disclosure of the client's contact are two decisions on two streams.
 *
 * Acceptance is NOT refused when no consent covers the contact disclosure: accepting is the match decider's
 * call (the parties agreed to meet) and has no consent rule, while whether the contact may reach the volunteer
 * is decided only on the client's stream, under its expected revision, where a concurrent withdrawal cannot go
 * unseen. A pre-check here could not be atomic with that decision anyway. So the match becomes ACTIVE and the
 * client's stream records either InformationDisclosed or DisclosureRefused (CONSENT.NOT_IN_FORCE) naming the
 * match; the refusal shows on the match (contactDisclosure) until consent is obtained and the contact disclosed.
 *
 * A rejected acceptance appends nothing, so whatever the disclosure would be rejected for must be known before
 * the match is touched: the client's standing (erased, departed) is read from the client's stream first and
 * decided on by the match decider. Only a change to the client between that read and the disclosure (an
 * erasure in the same instant) can still leave an accepted match without a recorded disclosure.
 *
 * Both steps are idempotent: the disclosure's command id and disclosure id derive from the accept command's id
 * (and, when that id was also used to accept another match of the client, from the match too), so re-sending
 * the same acceptance (e.g. after a crash between the two appends) completes the missing step and appends
 * nothing twice.
 */
@CommandHandler(AcceptMatchCommand)
export class AcceptMatchHandler implements ICommandHandler<AcceptMatchCommand, AcceptMatchPayload> {
  constructor(
    private readonly runner: MatchCommandRunner,
    private readonly facts: PartyFacts,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute({ input, context }: AcceptMatchCommand): Promise<AcceptMatchPayload> {
    const principal = principalOf(context);
    const { gateway, reader } = this.runner;
    const commandId = gateway.commandId(input.commandId);
    const { document } = await reader.visibleMatch(principal, input.matchId);
    // From the matches read model, as the proposal's check: two acceptances of twins racing may both pass.
    // The volunteer too: a pause, a lapsed policy or other acceptances since the proposal. The count comes from
    // the matches read model, as the proposal's, so two acceptances of one volunteer racing may both pass.
    const [client, volunteer, currentMatchCount, startedMatchesOfPair] = await Promise.all([
      this.facts.client(document.clientId),
      this.facts.volunteer(document.volunteerId),
      reader.openMatchCounts([document.volunteerId]).then((counts) => counts.get(document.volunteerId) ?? 0),
      reader
        .pairOpenMatchCounts(document.clientId, [document.volunteerId], OPEN_MATCH_STATUSES)
        .then((counts) => counts.get(document.volunteerId) ?? 0),
    ]);
    const { result: accepted } = await this.runner.run(
      'AcceptMatch',
      context,
      input.matchId,
      commandId,
      (now) => ({
        type: 'AcceptMatch',
        data: {
          matchId: input.matchId,
          ...(client === null ? {} : { client: { departed: client.departed, erased: client.erased } }),
          // A proposed match names a registered volunteer; one no longer found reads as having left.
          volunteer: {
            status: volunteer?.status ?? 'LEFT',
            insurance: volunteer?.insurance ?? [],
            currentMatchCount,
          },
          clientLimit: this.config.volunteerClientLimit,
          startedMatchesOfPair,
          now,
        },
      }),
    );
    const acceptedEvent = accepted.events.find((event) => event.type === 'MatchAccepted');
    if (acceptedEvent === undefined) throw new Error('AcceptMatch succeeded without MatchAccepted');

    const matchAccepted = { type: 'MatchAccepted', data: acceptedEvent.data } as unknown as MatchAccepted;
    const disclose = (idempotencyKey: string, recoveredRejections: readonly string[]) => {
      const disclosureId = gateway.newEntityId('AcceptMatch.DiscloseContact', idempotencyKey);
      return gateway
        .execute({
          name: 'DiscloseInformation',
          streamId: clientStreamId(matchAccepted.data.clientId),
          decider: clientDecider,
          command: contactDisclosureOnMatchAccepted(
            matchAccepted,
            { matchId: input.matchId, disclosureId },
            principal.subject,
            gateway.now(),
          ),
          context,
          commandId: gateway.newEntityId('AcceptMatch.DiscloseContact.command', idempotencyKey),
          causationId: acceptedEvent.eventId,
          // The disclosures list too: a query right after the acceptance shows the disclosure its payload reports.
          readModels: [...MATCH_READ_MODELS, DISCLOSURES_READ_MODEL],
          recoveredRejections,
          isOwnReplay: (events) => disclosesFor(events, input.matchId),
        })
        .then((recorded) => ({ ...recorded, disclosureId }));
    };
    // The disclosure's ids derive from the acceptance's commandId alone, as they always have, so a re-send of an
    // acceptance recorded earlier finds its disclosure. A commandId is unique per stream: one also used to
    // accept another match of the client has those ids taken on the client's stream (refused as reused, or,
    // for events recorded before fingerprints, replayed as that match's disclosure), and this acceptance then
    // discloses under ids of its own match.
    const disclosure = await disclose(commandId, ['COMMAND.ID_REUSED'])
      .catch((error: unknown) => {
        if (error instanceof GraphQLError && error.extensions.code === 'COMMAND.ID_REUSED') return null;
        throw error;
      })
      .then((recorded) => recorded ?? disclose(`${commandId}:${input.matchId}`, []));
    const payload = await this.runner.payload(principal, input.matchId, disclosure.position);
    return { ...payload, contactDisclosure: disclosureResult(disclosure.events, disclosure.disclosureId) };
  }
}
