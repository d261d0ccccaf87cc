import { randomBytes } from 'node:crypto';
import { v5 as uuidv5 } from 'uuid';
import {
  dateOf,
  matchStreamId,
  toInstant,
  volunteerDecider,
  volunteerStreamId,
  type MatchEvent,
  type VolunteerEvent,
} from '@app/domain';
import {
  allocationFor,
  certificateGrantedUnder,
  evaluateCertificateEligibility,
  serviceRecordOf,
  type CertificateAllocation,
  type CertificatePolicy,
} from '@app/domain/certificates';
import { handleCommand, type EventStore, type RecordedEvent } from '@app/event-store';
import type { Clock } from '@app/platform';
import type { CertificateNumberLedgerStore } from './certificate-number-ledger.store';

export type CertificateEvaluationOutcome = 'ISSUED' | 'ALREADY_ISSUED' | 'NOT_ELIGIBLE' | 'NOT_REGISTERED';

/** Ids of the volunteer's matches (from the `matches` read model, or any other index). */
export type MatchIdsOf = (volunteerId: string) => Promise<readonly string[]>;

export interface CertificateIssuerOptions {
  readonly store: EventStore;
  readonly ledger: CertificateNumberLedgerStore;
  readonly policy: CertificatePolicy;
  readonly clock: Clock;
  readonly matchIdsOf: MatchIdsOf;
  /**
   * An allocated number that can never be issued (its version is already granted to the volunteer), so it
   * stays unused: reported here on each evaluation that finds it.
   */
  readonly onUnusableAllocation?: (allocation: CertificateAllocation) => void;
}

const COMMAND_ID_NAMESPACE = '3b0f6c1e-5d2a-4c8e-9a7f-1e2d3c4b5a69';
const SYSTEM_ACTOR = { id: 'certificate-worker', role: 'SYSTEM' } as const;
/** Crockford base32 without I, L, O, U: a code read aloud or typed from paper is not mistaken. */
const CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export function newVerificationCode(): string {
  const bytes = randomBytes(10);
  const characters = [...bytes].map((byte) => CODE_ALPHABET[byte % 32] ?? '0').join('');
  return `${characters.slice(0, 5)}-${characters.slice(5)}`;
}

const domainEvents = <Event>(recorded: readonly RecordedEvent[]): Event[] =>
  recorded.map((event) => ({ type: event.type, data: event.data }) as unknown as Event);

/**
 * Evaluates one volunteer and issues their certificate when the policy is met. Everything is re-derived from
 * the event store on each run, and every write is guarded (the ledger by exact revision, the volunteer stream
 * by the decider's one-per-policy rule and a command id derived from the certificate number), so running it
 * twice, concurrently, or after a crash issues at most one certificate.
 */
export class CertificateIssuer {
  constructor(private readonly options: CertificateIssuerOptions) {}

  async evaluate(
    volunteerId: string,
    hintMatchIds: readonly string[] = [],
  ): Promise<CertificateEvaluationOutcome> {
    const { store, ledger, policy, clock } = this.options;
    const now = clock.now().toISOString();
    const volunteerHistory = domainEvents<VolunteerEvent>(
      await store.readStream(volunteerStreamId(volunteerId)),
    );
    const withoutMeetings = serviceRecordOf(volunteerId, volunteerHistory, []);
    if (!withoutMeetings.registered) return 'NOT_REGISTERED';

    const year = Number(dateOf(now).slice(0, 4));
    // An allocation found here was decided earlier but not completed (a crash in between): complete it as is,
    // under the policy version it was decided by, which may no longer be the one in force.
    const issuedNumbers = new Set(withoutMeetings.certificates.map(({ certificateNo }) => certificateNo));
    const allocated = [
      ...(await ledger.allocationsOf(year - 1, volunteerId)),
      ...(await ledger.allocationsOf(year, volunteerId)),
    ].filter(({ certificateNo }) => !issuedNumbers.has(certificateNo));
    // A second allocation of a version the volunteer already holds (issued, or revoked since), or of a version
    // with an earlier allocation still to issue, can never be issued: the one-per-version rule refuses it, and
    // a revocation must not bring it back by itself. Only a release before years were closed could make one.
    const unissued: CertificateAllocation[] = [];
    for (const allocation of allocated) {
      const { policyVersion } = allocation;
      if (
        certificateGrantedUnder(withoutMeetings, policyVersion) ||
        unissued.some((earlier) => earlier.policyVersion === policyVersion)
      )
        this.options.onUnusableAllocation?.(allocation);
      else unissued.push(allocation);
    }
    for (const allocation of unissued) await this.issue(allocation);
    if (unissued.length > 0) {
      // Completing an earlier version's allocation leaves the current version to be decided on the new history.
      if (unissued.some((allocation) => allocation.policyVersion === policy.version)) return 'ISSUED';
      await this.evaluate(volunteerId, hintMatchIds);
      return 'ISSUED';
    }
    if (certificateGrantedUnder(withoutMeetings, policy.version)) return 'ALREADY_ISSUED';

    const matchIds = [...new Set([...(await this.options.matchIdsOf(volunteerId)), ...hintMatchIds])];
    const matchHistories = await Promise.all(
      matchIds.map(async (matchId) =>
        domainEvents<MatchEvent>(await store.readStream(matchStreamId(matchId))),
      ),
    );
    const record = serviceRecordOf(volunteerId, volunteerHistory, matchHistories);
    const eligibility = evaluateCertificateEligibility(policy, record, dateOf(now));
    if (!eligibility.eligible) return 'NOT_ELIGIBLE';

    const allocation = await ledger.allocate(
      year,
      volunteerId,
      policy.version,
      now,
      ({ certificateNo, sequence, year: allocatedIn }) =>
        allocationFor(eligibility.grant, volunteerId, {
          certificateNo,
          year: allocatedIn,
          sequence,
          verificationCode: newVerificationCode(),
          // A number of a later year (this worker's clock is behind the one that closed the year) is dated no
          // earlier than that year begins, so numbers follow issue dates.
          allocatedAt: allocatedIn > year ? toInstant(`${allocatedIn}-01-01`) : now,
        }),
    );
    await this.issue(allocation);
    return 'ISSUED';
  }

  /** Appends CertificateIssued for an allocation; a second call with the same allocation appends nothing. */
  async issue(allocation: CertificateAllocation): Promise<void> {
    const outcome = await handleCommand(
      this.options.store,
      volunteerStreamId(allocation.volunteerId),
      volunteerDecider,
      {
        type: 'IssueCertificate',
        data: {
          volunteerId: allocation.volunteerId,
          // The allocation's instant, not the clock's: a retry after midnight states the same issue date.
          now: allocation.allocatedAt,
          certificateNo: allocation.certificateNo,
          verificationCode: allocation.verificationCode,
          policyVersion: allocation.policyVersion,
          serviceFrom: allocation.serviceFrom,
          serviceTo: allocation.serviceTo,
          approvedHours: allocation.approvedHours,
          activities: allocation.activities,
        },
      },
      {
        commandId: uuidv5(`IssueCertificate:${allocation.certificateNo}`, COMMAND_ID_NAMESPACE),
        correlationId: uuidv5(`certificate:${allocation.certificateNo}`, COMMAND_ID_NAMESPACE),
        actor: SYSTEM_ACTOR,
        occurredAt: allocation.allocatedAt,
      },
      { maxRetries: 20 },
    );
    if (!outcome.ok) throw new CertificateIssueRejectedError(outcome.rejection.code);
  }
}

/** The decider refused an allocated certificate: the job fails visibly (its number is reported as unused). */
export class CertificateIssueRejectedError extends Error {
  readonly code = 'CERTIFICATE.ISSUE_REJECTED';
  constructor(readonly rejectionCode: string) {
    super(`Issuing an allocated certificate was rejected: ${rejectionCode}`);
    this.name = 'CertificateIssueRejectedError';
  }
}
