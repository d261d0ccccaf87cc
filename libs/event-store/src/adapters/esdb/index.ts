export {
  ESDB_DEFAULT_READ_ALL_PAGE_SIZE,
  ESDB_MAX_APPEND_ATTEMPTS,
  EsdbEventStore,
  openEsdbEventStore,
  type EsdbEventStoreOptions,
} from './esdb-event-store';
export { EsdbSubscriptionDroppedError, EsdbUnreadableEventError } from './esdb.errors';
