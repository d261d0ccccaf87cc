import { GraphQLError } from 'graphql';
import type { ClientDocument } from '@app/read-models/clients';
import type { ConsentType } from '../model/client.types';
import { toConsentView } from '../model/client.views';

/** The consent a command just recorded, read back from the client's read model. */
export function consentView(client: ClientDocument, consentId: string, now: string): ConsentType {
  const consent = client.consents.find((candidate) => candidate.consentId === consentId);
  // The gateway waited for the read model, so a missing consent means the commandId was reused for another command.
  if (consent === undefined) {
    throw new GraphQLError('That commandId was already used for another command', {
      extensions: { code: 'COMMAND.ID_REUSED' },
    });
  }
  return toConsentView(consent, now);
}
