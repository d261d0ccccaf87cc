import { MasterKey } from './master-key';
import { SubjectErasedError } from './personal-data.errors';
import { SUBJECT_KEY_DESTROYED, type SubjectKeyStore } from './subject-key-store';

export interface SubjectKeyStoreFixture {
  readonly store: SubjectKeyStore;
  /** The key material exactly as persisted (the wrapped key), `null` once only a tombstone remains. */
  storedKeyMaterial(subjectId: string): Promise<string | null>;
  dispose(): Promise<void>;
}

export type SubjectKeyStoreFactory = (options: {
  readonly masterKey: MasterKey;
}) => Promise<SubjectKeyStoreFixture>;

let subjectCounter = 0;
const uniqueSubject = (): string => `client-contract-${process.pid}-${Date.now()}-${++subjectCounter}`;

/** The SubjectKeyStore contract: written once, run against every adapter. */
export function describeSubjectKeyStoreContract(name: string, factory: SubjectKeyStoreFactory): void {
  describe(`SubjectKeyStore contract: ${name}`, () => {
    let fixture: SubjectKeyStoreFixture;
    let store: SubjectKeyStore;

    beforeEach(async () => {
      fixture = await factory({ masterKey: MasterKey.generate() });
      store = fixture.store;
    });

    afterEach(async () => {
      await fixture.dispose();
    });

    it('names a subject whose key it holds, and never one whose key was destroyed', async () => {
      const kept = uniqueSubject();
      const destroyed = uniqueSubject();
      await store.create(destroyed);
      await store.destroy(destroyed);
      await store.create(kept);

      const named = await store.aLiveSubject();

      expect(named).not.toBeNull();
      expect(named).not.toBe(destroyed);
      expect(Buffer.isBuffer(await store.get(named as string))).toBe(true);
    });

    it('reads a subject that never had a key as null', async () => {
      await expect(store.get(uniqueSubject())).resolves.toBeNull();
    });

    it('creates a random 256-bit key and returns the same one afterwards', async () => {
      const subject = uniqueSubject();
      const created = await store.create(subject);
      expect(created).toHaveLength(32);
      await expect(store.get(subject)).resolves.toEqual(created);
      await expect(store.create(subject)).resolves.toEqual(created);
    });

    it('gives every subject its own key', async () => {
      const first = await store.create(uniqueSubject());
      const second = await store.create(uniqueSubject());
      expect(first.equals(second)).toBe(false);
    });

    it('hands out one key when creates race', async () => {
      const subject = uniqueSubject();
      const keys = await Promise.all(Array.from({ length: 8 }, () => store.create(subject)));
      for (const key of keys) expect(key).toEqual(keys[0]);
    });

    it('persists the key wrapped, never the raw bytes', async () => {
      const subject = uniqueSubject();
      const key = await store.create(subject);
      const stored = await fixture.storedKeyMaterial(subject);
      expect(stored).not.toBeNull();
      for (const encoding of ['base64', 'hex', 'base64url'] as const) {
        expect(stored).not.toContain(key.toString(encoding));
      }
    });

    it('destroys a key for good, keeping only a tombstone', async () => {
      const subject = uniqueSubject();
      await store.create(subject);
      await store.destroy(subject);
      await expect(store.get(subject)).resolves.toBe(SUBJECT_KEY_DESTROYED);
      await expect(fixture.storedKeyMaterial(subject)).resolves.toBeNull();
    });

    it('refuses to create a key again after destroy', async () => {
      const subject = uniqueSubject();
      await store.create(subject);
      await store.destroy(subject);
      await expect(store.create(subject)).rejects.toBeInstanceOf(SubjectErasedError);
      await expect(store.get(subject)).resolves.toBe(SUBJECT_KEY_DESTROYED);
    });

    it('records a tombstone when destroying a subject that never had a key', async () => {
      const subject = uniqueSubject();
      await store.destroy(subject);
      await expect(store.get(subject)).resolves.toBe(SUBJECT_KEY_DESTROYED);
      await expect(store.create(subject)).rejects.toMatchObject({ code: 'PERSONAL_DATA.SUBJECT_ERASED' });
    });

    it('treats a repeated destroy as a no-op', async () => {
      const subject = uniqueSubject();
      await store.create(subject);
      await store.destroy(subject);
      await expect(store.destroy(subject)).resolves.toBeUndefined();
      await expect(store.get(subject)).resolves.toBe(SUBJECT_KEY_DESTROYED);
    });

    it('leaves other subjects untouched by a destroy', async () => {
      const kept = uniqueSubject();
      const erased = uniqueSubject();
      const keptKey = await store.create(kept);
      await store.create(erased);
      await store.destroy(erased);
      await expect(store.get(kept)).resolves.toEqual(keptKey);
    });
  });
}
