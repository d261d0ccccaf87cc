/**
 * Which top-level data fields of an event are personal data, and whose. Ids, purposes, recipients, data
 * categories and times are deliberately not personal fields: audits must still work after erasure.
 */
export interface PersonalDataPolicy {
  personalFields(eventType: string): readonly string[];
  /** The data subject whose key seals the stream's personal fields. */
  subjectOf(streamId: string): string;
}

/** By default the stream is the subject: `client-<id>` holds that client's data. */
export const streamIsSubject = (streamId: string): string => streamId;

export function definePersonalDataPolicy(
  fieldsByEventType: Readonly<Record<string, readonly string[]>>,
  subjectOf: (streamId: string) => string = streamIsSubject,
): PersonalDataPolicy {
  const fields = new Map(Object.entries(fieldsByEventType));
  return {
    personalFields: (eventType) => fields.get(eventType) ?? [],
    subjectOf,
  };
}
