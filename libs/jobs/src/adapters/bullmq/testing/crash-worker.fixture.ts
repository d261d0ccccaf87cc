/**
 * Child process for the stalled-job test: processes `applyEffect` jobs, applies the effect, says so on stdout
 * and then hangs, so that the parent can SIGKILL it while the job is still active.
 * Run with `node -r ./infra/register.js crash-worker.fixture.ts`; configured through the environment.
 */
import { BullMqJobQueue } from '../bullmq-job-queue';
import { EffectLedger } from './effect-ledger.fixture';

const required = (name: string): string => {
  const value = process.env[name];
  if (value === undefined) throw new Error(`${name} is required`);
  return value;
};

async function main(): Promise<void> {
  const ledger = new EffectLedger(required('LEDGER_FILE'));
  const queue = new BullMqJobQueue({
    connection: { url: required('REDIS_URL') },
    prefix: required('QUEUE_PREFIX'),
    lockDurationMs: Number(required('LOCK_DURATION_MS')),
    stalledIntervalMs: Number(required('LOCK_DURATION_MS')),
  });
  await queue.process<{ effectId: string }>('applyEffect', async (job) => {
    ledger.apply(job.payload.effectId, job.id, job.attempt);
    process.stdout.write(`EFFECT_APPLIED ${job.id}\n`);
    await new Promise(() => undefined);
  });
  process.stdout.write('READY\n');
}

main().catch((error: unknown) => {
  process.stderr.write(`crash worker failed: ${error instanceof Error ? error.message : 'unknown'}\n`);
  process.exit(1);
});
