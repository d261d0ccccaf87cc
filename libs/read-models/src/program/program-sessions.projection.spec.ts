import type { SessionEvent } from '@app/domain';
import type { RecordedEvent } from '@app/event-store';
import { programSessionsProjection } from './program-sessions.projection';

const recorded = (event: SessionEvent, position: bigint): RecordedEvent => ({
  streamId: `session-${event.data.sessionId}`,
  revision: 0,
  position,
  eventId: `event-${position}`,
  type: event.type,
  data: event.data as unknown as RecordedEvent['data'],
  metadata: {
    commandId: 'command',
    correlationId: 'correlation',
    causationId: null,
    actor: { id: 'coordinator-1', role: 'COORDINATOR' },
    occurredAt: '2025-05-10T12:00:00.000Z',
    schemaVersion: 1,
    prevHash: '',
    hash: '',
  },
  recordedAt: '2025-05-10T12:00:00.000Z',
});

const data = {
  sessionId: 'session-1',
  date: '2025-05-09',
  region: 'LIBEREC' as const,
  facilitator: 'party-7',
  attendees: ['volunteer-a', 'volunteer-b'],
  recordedAt: '2025-05-10T12:00:00.000Z',
};

describe('program sessions projection', () => {
  it.each([
    ['GroupMeetingHeld', 'GROUP_MEETING'],
    ['SupervisionSessionHeld', 'SUPERVISION'],
  ] as const)('given %s, then a %s session with its attendees', (type, kind) => {
    const event = recorded({ type, data }, 1n);
    expect(programSessionsProjection.documentId(event)).toBe('session-1');
    expect(programSessionsProjection.evolve(null, event)).toEqual({
      sessionId: 'session-1',
      kind,
      date: '2025-05-09',
      region: 'LIBEREC',
      facilitator: 'party-7',
      attendees: ['volunteer-a', 'volunteer-b'],
      attendeeCount: 2,
      recordedAt: '2025-05-10T12:00:00.000Z',
    });
  });

  it('keeps the first record of a session', () => {
    const first = programSessionsProjection.evolve(null, recorded({ type: 'GroupMeetingHeld', data }, 1n));
    const again = programSessionsProjection.evolve(
      first,
      recorded({ type: 'GroupMeetingHeld', data: { ...data, attendees: ['someone-else'] } }, 2n),
    );
    expect(again).toEqual(first);
  });
});
