import mongoose, { type Connection, type Model } from 'mongoose';
import type { MasterKey } from './master-key';
import { SubjectErasedError } from './personal-data.errors';
import {
  generateSubjectKey,
  SUBJECT_KEY_DESTROYED,
  type SubjectKey,
  type SubjectKeyDestroyed,
  type SubjectKeyStore,
} from './subject-key-store';

interface SubjectKeyDocument {
  subjectId: string;
  /** Absent once destroyed: `$unset` removes the field, leaving the tombstone. */
  wrappedKey?: string | null;
  createdAt: Date;
  destroyedAt?: Date | null;
}

const subjectKeySchema = new mongoose.Schema<SubjectKeyDocument>(
  {
    subjectId: { type: String, required: true },
    wrappedKey: { type: String },
    createdAt: { type: Date, required: true },
    destroyedAt: { type: Date },
  },
  { versionKey: false, strict: true, autoIndex: false },
);
subjectKeySchema.index({ subjectId: 1 }, { unique: true, name: 'subjectId_unique' });

export interface MongoSubjectKeyStoreOptions {
  readonly masterKey: MasterKey;
  /** An open mongoose connection; the caller owns it (closing the store does not close it). */
  readonly connection: Connection;
  readonly collectionName?: string;
}

const DUPLICATE_KEY = 11000;
const isDuplicateKeyError = (error: unknown): boolean =>
  typeof error === 'object' && error !== null && (error as { code?: unknown }).code === DUPLICATE_KEY;

/** Whether MongoDB already holds subject keys (destroyed ones included): a master key sealed them. */
export async function mongoHoldsSubjectKeys(
  connection: Connection,
  collectionName = 'subject_keys',
): Promise<boolean> {
  const db = connection.db;
  if (db === undefined) return false;
  return (await db.collection(collectionName).findOne({}, { projection: { _id: 1 } })) !== null;
}

/** Builds the unique index before returning so that concurrent `create` calls cannot insert two keys. */
export async function openMongoSubjectKeyStore(
  options: MongoSubjectKeyStoreOptions,
): Promise<SubjectKeyStore> {
  const collection = options.collectionName ?? 'subject_keys';
  const model: Model<SubjectKeyDocument> =
    (options.connection.models[collection] as Model<SubjectKeyDocument> | undefined) ??
    options.connection.model<SubjectKeyDocument>(collection, subjectKeySchema, collection);
  await model.createIndexes();

  const lookup = async (subjectId: string): Promise<SubjectKey | null | SubjectKeyDestroyed> => {
    const doc = await model.findOne({ subjectId }).lean().exec();
    if (doc === null) return null;
    if (doc.destroyedAt != null || doc.wrappedKey == null) return SUBJECT_KEY_DESTROYED;
    return options.masterKey.unwrap(doc.wrappedKey, subjectId);
  };

  const upsertKey = async (subjectId: string): Promise<SubjectKeyDocument> => {
    // `$setOnInsert` only: an existing row (live or tombstone) is returned untouched, never resurrected.
    const doc = await model
      .findOneAndUpdate(
        { subjectId },
        {
          $setOnInsert: {
            subjectId,
            wrappedKey: options.masterKey.wrap(generateSubjectKey(), subjectId),
            createdAt: new Date(),
          },
        },
        { upsert: true, returnDocument: 'after', lean: true },
      )
      .exec();
    if (doc === null) throw new Error('MongoDB upsert returned no document');
    return doc;
  };

  return {
    async create(subjectId) {
      let doc: SubjectKeyDocument;
      try {
        doc = await upsertKey(subjectId);
      } catch (error) {
        // Two concurrent upserts of a new subject: one wins the unique index, the other retries and reads it.
        if (!isDuplicateKeyError(error)) throw error;
        doc = await upsertKey(subjectId);
      }
      if (doc.destroyedAt != null || doc.wrappedKey == null) throw new SubjectErasedError(subjectId);
      return options.masterKey.unwrap(doc.wrappedKey, subjectId);
    },
    get: lookup,
    async destroy(subjectId) {
      const now = new Date();
      // First make sure a row exists (a tombstone for a subject never seen), then destroy whatever row is
      // there; in this order a `create` racing with `destroy` cannot leave a live key behind.
      try {
        await model
          .updateOne({ subjectId }, { $setOnInsert: { createdAt: now, destroyedAt: now } }, { upsert: true })
          .exec();
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
      }
      await model
        .updateOne(
          { subjectId, destroyedAt: null },
          { $set: { destroyedAt: now }, $unset: { wrappedKey: 1 } },
        )
        .exec();
    },
    async aLiveSubject() {
      const doc = await model
        .findOne({ wrappedKey: { $type: 'string' } }, { subjectId: 1 })
        .lean()
        .exec();
      return doc?.subjectId ?? null;
    },
    async close() {
      // The connection is shared with the read models; its owner closes it.
    },
  };
}
