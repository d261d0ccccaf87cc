import { clientDecider, clientStreamId, type ClientCommand } from '@app/domain';
import { handleCommand, type EventStore } from '@app/event-store';
import { newId } from '@app/platform';

/** Builds client histories the way the API does (deciders through handleCommand), for the audit specs. */
export class AuditProgram {
  constructor(private readonly store: EventStore) {}

  async run(
    clientId: string,
    command: ClientCommand,
    actor = { id: 'coordinator-1', role: 'COORDINATOR' },
  ): Promise<void> {
    const commandId = newId();
    const outcome = await handleCommand(this.store, clientStreamId(clientId), clientDecider, command, {
      commandId,
      correlationId: commandId,
      causationId: null,
      actor,
      occurredAt: command.data.now,
    });
    if (!outcome.ok) throw new Error(`fixture command ${command.type} rejected: ${outcome.rejection.code}`);
  }

  async register(
    clientId: string,
    region: 'PRAGUE' | 'LIBEREC' | 'CENTRAL_BOHEMIA',
    name = 'Šárka Nováková',
  ): Promise<void> {
    await this.run(clientId, {
      type: 'RegisterClient',
      data: {
        clientId,
        name,
        contact: { phone: '+420 777 123 456' },
        dateOfBirth: '1991-03-04',
        countryOfOrigin: 'UA',
        languages: ['uk', 'cs'],
        region,
        needs: ['CZECH_PRACTICE'],
        now: new Date().toISOString(),
      },
    });
  }

  async give(clientId: string, consentId: string, recipients: string[], givenOn: string): Promise<void> {
    await this.run(clientId, {
      type: 'GiveConsent',
      data: {
        clientId,
        consentId,
        purposes: ['VOLUNTEER_MATCHING'],
        dataCategories: ['IDENTITY', 'CONTACT'],
        recipients,
        lawfulBasis: 'CONSENT',
        givenOn,
        method: 'WRITTEN_FORM',
        evidenceRef: `FORM-${consentId.slice(0, 8)}`,
        noticeVersion: 'notice-2025-01',
        language: 'uk',
        interpreterUsed: true,
        now: new Date().toISOString(),
      },
    });
  }

  async disclose(
    clientId: string,
    disclosureId: string,
    recipient: string,
    legalObligation?: string,
  ): Promise<string> {
    const now = new Date().toISOString();
    await this.run(clientId, {
      type: 'DiscloseInformation',
      data: {
        clientId,
        disclosureId,
        recipient,
        purpose: 'VOLUNTEER_MATCHING',
        dataCategories: ['CONTACT'],
        requestedBy: 'coordinator-1',
        ...(legalObligation === undefined ? {} : { legalObligation }),
        now,
      },
    });
    return now;
  }

  async withdraw(clientId: string, consentId: string, withdrawnOn: string): Promise<void> {
    await this.run(clientId, {
      type: 'WithdrawConsent',
      data: { clientId, consentId, withdrawnOn, method: 'VERBAL_WITNESSED', now: new Date().toISOString() },
    });
  }

  async erase(clientId: string): Promise<void> {
    await this.run(
      clientId,
      {
        type: 'EraseClientPersonalData',
        data: {
          clientId,
          requestedBy: 'admin-1',
          reasonCode: 'DATA_SUBJECT_REQUEST',
          now: new Date().toISOString(),
        },
      },
      { id: 'admin-1', role: 'ADMIN' },
    );
  }

  /** A disclosure written straight to the store, as someone bypassing the command would. */
  async plantDisclosure(
    clientId: string,
    disclosureId: string,
    recipient: string,
    consentId: string,
  ): Promise<void> {
    const now = new Date().toISOString();
    await this.store.append(clientStreamId(clientId), 'any', [
      {
        type: 'InformationDisclosed',
        data: {
          disclosureId,
          recipient,
          purpose: 'VOLUNTEER_MATCHING',
          dataCategories: ['CONTACT'],
          basis: { consentId },
          disclosedBy: 'intruder',
          disclosedAt: now,
        },
        metadata: {
          commandId: newId(),
          correlationId: newId(),
          causationId: null,
          actor: { id: 'intruder', role: 'ADMIN' },
          occurredAt: now,
          schemaVersion: 1,
        },
      },
    ]);
  }
}

export const pause = (ms = 15): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
