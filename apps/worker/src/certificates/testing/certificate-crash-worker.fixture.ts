/**
 * Child process for the killed-worker test: processes `evaluate-certificate` on BullMQ against the shared
 * SQLite event store, and hangs right after allocating the number (before issuing), so that the parent can
 * SIGKILL it at the worst moment. Run with `node -r ./infra/register.js <this file>`; configured by environment.
 */
import { openSqliteEventStore } from '@app/event-store';
import { BullMqJobQueue } from '@app/jobs';
import { fixedClock } from '@app/platform';
import { DEFAULT_CERTIFICATE_POLICY } from '@app/domain/certificates';
import { CertificateIssuer } from '../certificate-issuer';
import { CertificateNumberLedgerStore } from '../certificate-number-ledger.store';
import { EVALUATE_CERTIFICATE_JOB, type EvaluateCertificatePayload } from '../certificate.reactor';
import { matchIdsFromEventStore } from './certificate-fixtures';

const required = (name: string): string => {
  const value = process.env[name];
  if (value === undefined) throw new Error(`${name} is required`);
  return value;
};

class LedgerThatHangsAfterAllocating extends CertificateNumberLedgerStore {
  override async allocate(...args: Parameters<CertificateNumberLedgerStore['allocate']>) {
    const allocation = await super.allocate(...args);
    process.stdout.write(`ALLOCATED ${allocation.certificateNo}\n`);
    return new Promise<never>(() => undefined);
  }
}

async function main(): Promise<void> {
  const store = openSqliteEventStore({ filename: required('EVENTS_FILE') });
  const issuer = new CertificateIssuer({
    store,
    ledger: new LedgerThatHangsAfterAllocating(store, 'PRV'),
    policy: DEFAULT_CERTIFICATE_POLICY,
    clock: fixedClock(required('NOW')),
    matchIdsOf: matchIdsFromEventStore(store),
  });
  const queue = new BullMqJobQueue({
    connection: { url: required('REDIS_URL') },
    prefix: required('QUEUE_PREFIX'),
    lockDurationMs: Number(required('LOCK_DURATION_MS')),
    stalledIntervalMs: Number(required('LOCK_DURATION_MS')),
  });
  await queue.process<EvaluateCertificatePayload>(EVALUATE_CERTIFICATE_JOB, async (job) => {
    await issuer.evaluate(job.payload.volunteerId);
  });
  process.stdout.write('READY\n');
}

main().catch((error: unknown) => {
  process.stderr.write(
    `certificate crash worker failed: ${error instanceof Error ? error.name : 'unknown'}\n`,
  );
  process.exit(1);
});
