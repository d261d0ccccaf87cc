import { Inject, Injectable } from '@nestjs/common';
import { GraphQLError } from 'graphql';
import type { EventStore } from '@app/event-store';
import { newId, type Clock, type Logger } from '@app/platform';
import type { RequestContext } from '../auth/request-context';
import { CLOCK, EVENT_STORE, LOGGER } from '../tokens';

/** Stream of the records of who read a client's personal data; kept apart so reads never contend with commands. */
export const clientAccessStream = (clientId: string): string => `clientAccess-${clientId}`;

export const PERSONAL_DATA_ACCESSED = 'PersonalDataAccessed';

export interface PersonalDataAccess {
  readonly clientId: string;
  /** Which personal fields were resolved (`name`, `contact`, …). */
  readonly fields: readonly string[];
  /** The GraphQL operation and field that read them (`query client`). */
  readonly operation: string;
}

/**
 * Every read of a client's personal data is recorded before the data is returned; if the record cannot be
 * written, the read is denied.
 */
@Injectable()
export class AccessRecorder {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async record(context: RequestContext, access: PersonalDataAccess): Promise<void> {
    const { principal, correlationId } = context;
    if (principal === null)
      throw new GraphQLError('Sign-in required', { extensions: { code: 'UNAUTHENTICATED' } });
    const now = this.clock.now().toISOString();
    try {
      await this.store.append(clientAccessStream(access.clientId), 'any', [
        {
          type: PERSONAL_DATA_ACCESSED,
          data: {
            clientId: access.clientId,
            fields: [...access.fields],
            operation: access.operation,
            accessedBy: principal.subject,
            role: principal.role,
            accessedAt: now,
          },
          metadata: {
            commandId: newId(),
            correlationId,
            causationId: null,
            actor: { id: principal.subject, role: principal.role },
            occurredAt: now,
            schemaVersion: 1,
          },
        },
      ]);
    } catch (error) {
      this.logger.error(
        { err: error instanceof Error ? error.name : 'unknown', correlationId },
        'access record could not be written; read denied',
      );
      throw new GraphQLError('The read could not be recorded, so it was denied', {
        extensions: { code: 'ACCESS.NOT_RECORDED' },
      });
    }
  }
}
