export * from './job-queue.port';
export * from './errors';
export { assertJobPayloadSafe, looksLikePersonalDataKey } from './payload-guard';
export { InProcessJobQueue, type InProcessJobQueueOptions } from './adapters/in-process/in-process-job-queue';
export { BullMqJobQueue, type BullMqJobQueueOptions } from './adapters/bullmq/bullmq-job-queue';
export * from './checkpoint-store';
export {
  SqliteCheckpointStore,
  openSqliteCheckpointStore,
  type SqliteCheckpointStoreOptions,
} from './sqlite-checkpoint-store';
export * from './reactor';
