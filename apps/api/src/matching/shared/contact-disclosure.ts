import type { ClientEvent } from '@app/domain';
import type { RecordedEvent } from '@app/event-store';
import type { ContactDisclosureResult } from '../commands/accept-match/accept-match.payload';
import { ContactDisclosureOutcomeEnum } from './matching.enums';

/** The outcome of a match's contact disclosure, read from the events its command recorded (or found, re-sent). */
export function disclosureResult(
  events: readonly RecordedEvent[],
  disclosureId: string,
): ContactDisclosureResult {
  const recorded = events.find(
    (event) =>
      (event.type === 'InformationDisclosed' || event.type === 'DisclosureRefused') &&
      event.data.disclosureId === disclosureId,
  );
  if (recorded === undefined)
    throw new Error('DiscloseInformation recorded neither a disclosure nor a refusal');
  const event = { type: recorded.type, data: recorded.data } as unknown as ClientEvent;
  if (event.type === 'InformationDisclosed') {
    return {
      disclosureId,
      outcome: ContactDisclosureOutcomeEnum.DISCLOSED,
      consentId: 'consentId' in event.data.basis ? event.data.basis.consentId : null,
      refusalCode: null,
      coverageCode: null,
    };
  }
  if (event.type === 'DisclosureRefused') {
    return {
      disclosureId,
      outcome: ContactDisclosureOutcomeEnum.REFUSED,
      consentId: null,
      refusalCode: event.data.reasonCode,
      coverageCode: event.data.coverageCode,
    };
  }
  throw new Error('unexpected disclosure event');
}
