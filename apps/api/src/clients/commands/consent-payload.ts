import { GraphQLError } from 'graphql';
import type { ConsentDocument } from '@app/read-models/clients';
import type { ConsentType } from '../model/client.types';
import { toConsentView } from '../model/client.views';

/** The consent a command just recorded, read back from the consents read model (null: not there). */
export function consentView(consent: ConsentDocument | null, now: string): ConsentType {
  // The gateway waited for the read model, so a missing consent means the commandId was reused for another command.
  if (consent === null) {
    throw new GraphQLError('That commandId was already used for another command', {
      extensions: { code: 'COMMAND.ID_REUSED' },
    });
  }
  return toConsentView(consent, now);
}
