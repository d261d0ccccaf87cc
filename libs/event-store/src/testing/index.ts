export { withConcurrentWriter } from './concurrent-writer';
export { describeEventStoreContract, type EventStoreUnderTest } from './event-store.contract';
export {
  eventIds,
  sleep,
  takeEvents,
  testEvent,
  testMetadata,
  uniqueCategory,
  uniqueEventType,
  uniqueStreamId,
} from './event-store-fixtures';
