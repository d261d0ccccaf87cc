export {
  DEFAULT_READ_ALL_PAGE_SIZE,
  EventStoreWriterStoppedError,
  SqliteEventStore,
  openSqliteEventStore,
  type SqliteEventStoreOptions,
} from './sqlite-event-store';
export { WAL_AUTOCHECKPOINT_PAGES, type SynchronousMode } from './sqlite-schema';
