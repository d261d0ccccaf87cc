import { describeJobQueueContract } from '../../testing/job-queue.contract';
import { deleteKeysWithPrefix, describeWithRedis, uniqueTestPrefix } from '../../testing/redis-test-support';
import { BullMqJobQueue } from './bullmq-job-queue';

describeWithRedis('BullMQ contract suite', (redis) => {
  const runPrefix = uniqueTestPrefix('contract');
  let queues = 0;

  afterAll(async () => {
    await deleteKeysWithPrefix(redis.url, runPrefix);
  });

  describeJobQueueContract('bullmq', async () => {
    queues += 1;
    return new BullMqJobQueue({ connection: { url: redis.url }, prefix: `${runPrefix}-${queues}` });
  });
});
