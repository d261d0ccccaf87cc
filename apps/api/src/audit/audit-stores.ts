import { UpcastingEventStore, type EventStore } from '@app/event-store';
import { UPCASTERS, type Runtime } from '../../../worker/src/runtime/runtime';

/**
 * What the audits read. Consent audits and integrity checks read the store AS STORED (personal data sealed,
 * never opened: they do not need it, and reading it would be an access to record); the consent audit still
 * upcasts old schema versions so that it judges the shapes the domain knows.
 */
export interface AuditStores {
  /** The adapter itself: integrity walks the bytes that were hashed. */
  readonly raw: EventStore;
  /** Sealed but upcast: consent audits, access logs, pseudonymised audit trails. */
  readonly sealed: EventStore;
  /** Personal data opened (or `[erased]`): only for roles entitled to it, and every read is recorded. */
  readonly opened: EventStore;
}

export const auditStoresOf = (runtime: Pick<Runtime, 'rawEventStore' | 'eventStore'>): AuditStores => ({
  raw: runtime.rawEventStore,
  sealed: new UpcastingEventStore(runtime.rawEventStore, UPCASTERS),
  opened: runtime.eventStore,
});

export const AUDIT_STORES = Symbol('AUDIT_STORES');
