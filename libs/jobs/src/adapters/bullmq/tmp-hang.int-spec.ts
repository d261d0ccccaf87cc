import { describeJobQueueContract } from '../../testing/job-queue.contract';
import { BullMqJobQueue } from './bullmq-job-queue';
describeJobQueueContract('bullmq-broken', async () => new BullMqJobQueue({ connection: { url: 'redis://127.0.0.1:6379' }, prefix: 'test-hang', maxStalledCount: -1 }));
