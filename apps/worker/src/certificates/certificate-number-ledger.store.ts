import type { Instant } from '@app/domain';
import {
  allocationKey,
  certificateNumbersStreamId,
  formatCertificateNumber,
  type CertificateAllocation,
  type CertificateNumberYearClosed,
} from '@app/domain/certificates';
import { WrongExpectedRevisionError, type EventStore, type JsonObject } from '@app/event-store';
import { newId } from '@app/platform';

interface LedgerYear {
  /** Revision of the last event read; -1 when the year has none. */
  revision: number;
  /** The year's ledger ends with `CertificateNumberYearClosed`: nothing more is allocated in it. */
  closed: boolean;
  readonly byKey: Map<string, CertificateAllocation>;
  readonly byVolunteer: Map<string, CertificateAllocation[]>;
  readonly all: CertificateAllocation[];
}

const SYSTEM_ACTOR = { id: 'certificate-worker', role: 'SYSTEM' } as const;
const MAX_ALLOCATION_ATTEMPTS = 100;

/**
 * Allocates certificate numbers from the `certificateNumbers-<year>` stream. The stream's revision IS the
 * sequence (revision 0 holds number 1; the year's closing, if any, is its last event), and every allocation is
 * appended at the exact revision that was read: two workers racing for a number cannot both win, and the loser
 * re-reads and takes the next one. Because the
 * allocation event carries everything the certificate will state, finding it later (a retry, a duplicate job,
 * the daily sweep) is enough to complete the issue: numbers are never skipped.
 *
 * Each process caches what it has read of a year and reads only newer revisions, so allocation stays O(1).
 */
export class CertificateNumberLedgerStore {
  private readonly years = new Map<number, LedgerYear>();

  constructor(
    private readonly store: EventStore,
    private readonly prefix: string,
  ) {}

  /** The volunteer's allocations of the year, under any policy version, in the order they were made. */
  async allocationsOf(year: number, volunteerId: string): Promise<readonly CertificateAllocation[]> {
    return [...((await this.refresh(year)).byVolunteer.get(volunteerId) ?? [])];
  }

  async allocations(year: number): Promise<readonly CertificateAllocation[]> {
    return [...(await this.refresh(year)).all];
  }

  /**
   * The volunteer's allocation under this policy: the existing one (this year's or last year's), or the next
   * number of the year. Before the first number of a year, last year's ledger is closed; once a year is closed,
   * its numbers are allocated in the next year (a worker whose clock is behind, or that began before midnight).
   */
  async allocate(
    year: number,
    volunteerId: string,
    policyVersion: string,
    at: Instant,
    describe: (number: { certificateNo: string; sequence: number; year: number }) => CertificateAllocation,
  ): Promise<CertificateAllocation> {
    const key = allocationKey(volunteerId, policyVersion);
    // One budget for every year tried: a closed year moves the allocation on to the next.
    for (let attempt = 1, target = year; attempt <= MAX_ALLOCATION_ATTEMPTS; attempt += 1) {
      const previous = await this.refresh(target - 1);
      const earlier = previous.byKey.get(key);
      if (earlier !== undefined) return earlier;
      if (!previous.closed) {
        const closed: CertificateNumberYearClosed['data'] = { year: target - 1, closedAt: at };
        if (!(await this.appendAt(target - 1, previous.revision, 'CertificateNumberYearClosed', closed, at)))
          continue;
      }
      const ledger = await this.refresh(target);
      const existing = ledger.byKey.get(key);
      if (existing !== undefined) return existing;
      if (ledger.closed) {
        target += 1;
        continue;
      }
      const sequence = ledger.revision + 2;
      const allocation = describe({
        certificateNo: formatCertificateNumber(this.prefix, target, sequence),
        sequence,
        year: target,
      });
      if (
        !(await this.appendAt(
          target,
          ledger.revision,
          'CertificateNumberAllocated',
          allocation,
          allocation.allocatedAt,
        ))
      )
        continue;
      return (await this.refresh(target)).byKey.get(key) ?? allocation;
    }
    throw new CertificateNumberContentionError(year);
  }

  /** Appends one event at exactly `revision` of the year's ledger; false when another worker wrote first. */
  private async appendAt(
    year: number,
    revision: number,
    type: 'CertificateNumberAllocated' | 'CertificateNumberYearClosed',
    data: CertificateAllocation | CertificateNumberYearClosed['data'],
    occurredAt: Instant,
  ): Promise<boolean> {
    try {
      await this.store.append(certificateNumbersStreamId(year), revision === -1 ? 'no_stream' : revision, [
        {
          type,
          data: data as unknown as JsonObject,
          metadata: {
            commandId: newId(),
            correlationId: newId(),
            causationId: null,
            actor: SYSTEM_ACTOR,
            occurredAt,
            schemaVersion: 1,
          },
        },
      ]);
      return true;
    } catch (error) {
      if (error instanceof WrongExpectedRevisionError) return false;
      throw error;
    }
  }

  private async refresh(year: number): Promise<LedgerYear> {
    let ledger = this.years.get(year);
    if (ledger === undefined) {
      ledger = { revision: -1, closed: false, byKey: new Map(), byVolunteer: new Map(), all: [] };
      this.years.set(year, ledger);
    }
    const events = await this.store.readStream(certificateNumbersStreamId(year), {
      fromRevision: ledger.revision + 1,
    });
    for (const event of events) {
      // Concurrent refreshes in one process may read the same revisions: apply each once.
      if (event.revision <= ledger.revision) continue;
      ledger.revision = event.revision;
      if (event.type === 'CertificateNumberYearClosed') ledger.closed = true;
      if (event.type !== 'CertificateNumberAllocated') continue;
      const allocation = event.data as unknown as CertificateAllocation;
      ledger.byKey.set(allocationKey(allocation.volunteerId, allocation.policyVersion), allocation);
      ledger.byVolunteer.set(allocation.volunteerId, [
        ...(ledger.byVolunteer.get(allocation.volunteerId) ?? []),
        allocation,
      ]);
      ledger.all.push(allocation);
    }
    return ledger;
  }
}

export class CertificateNumberContentionError extends Error {
  readonly code = 'CERTIFICATE.NUMBER_CONTENTION';
  constructor(year: number) {
    super(`Could not allocate a certificate number of ${year} after ${MAX_ALLOCATION_ATTEMPTS} attempts`);
    this.name = 'CertificateNumberContentionError';
  }
}
