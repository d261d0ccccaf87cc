import { fold } from '../../shared/decider';
import { specFor } from '../../shared/testing';
import { volunteerDecider } from '../../volunteers/volunteer/volunteer.decide';
import { attendanceCommands } from './session-attendance.reactor';
import type { SessionCommand } from './session.commands';
import { sessionDecider } from './session.decide';
import type { SessionEvent } from './session.events';

const { given } = specFor(sessionDecider);
const now = '2025-06-20T18:00:00.000Z';

const record = (
  type: SessionCommand['type'],
  overrides: Partial<SessionCommand['data']> = {},
): SessionCommand => ({
  type,
  data: {
    sessionId: 'session-1',
    date: '2025-06-20',
    region: 'PRAGUE',
    facilitator: 'coordinator-1',
    attendees: ['v-1', 'v-2', 'v-1', ' '],
    now,
    ...overrides,
  },
});
const held = (type: SessionEvent['type']): SessionEvent => ({
  type,
  data: {
    sessionId: 'session-1',
    date: '2025-06-20',
    region: 'PRAGUE',
    facilitator: 'coordinator-1',
    attendees: ['v-1', 'v-2'],
    recordedAt: now,
  },
});

describe('Program session decider', () => {
  it('records a group meeting with its distinct attendees', () => {
    given([])
      .when(record('RecordGroupMeeting'))
      .then([held('GroupMeetingHeld')]);
  });
  it('records a supervision session', () => {
    given([])
      .when(record('RecordSupervisionSession'))
      .then([held('SupervisionSessionHeld')]);
  });
  it('rejects recording a session twice', () => {
    given([held('GroupMeetingHeld')])
      .when(record('RecordGroupMeeting'))
      .then('SESSION.ALREADY_RECORDED');
    given([held('GroupMeetingHeld')])
      .when(record('RecordSupervisionSession'))
      .then('SESSION.ALREADY_RECORDED');
  });
  it('rejects a facilitator that is not a party id', () => {
    given([])
      .when(record('RecordSupervisionSession', { facilitator: 'Mgr. Jana Novakova' }))
      .then('VALIDATION.INVALID_PARTY_ID');
  });
  it('rejects a session in the future', () => {
    given([])
      .when(record('RecordGroupMeeting', { date: '2025-06-21' }))
      .then('SESSION.IN_FUTURE');
  });
  it('rejects a session without attendees', () => {
    given([])
      .when(record('RecordSupervisionSession', { attendees: [] }))
      .then('SESSION.NO_ATTENDEES');
  });
  it('rejects an unknown region', () => {
    given([])
      .when(record('RecordGroupMeeting', { region: 'BRNO' as never }))
      .then('VALIDATION.UNKNOWN_VALUE');
  });
});

describe('session attendance reactor', () => {
  it('maps a group meeting to one attendance command per volunteer', () => {
    expect(attendanceCommands(held('GroupMeetingHeld'), now)).toEqual([
      {
        type: 'RecordGroupMeetingAttendance',
        data: { volunteerId: 'v-1', sessionId: 'session-1', date: '2025-06-20', now },
      },
      {
        type: 'RecordGroupMeetingAttendance',
        data: { volunteerId: 'v-2', sessionId: 'session-1', date: '2025-06-20', now },
      },
    ]);
  });
  it('maps supervision to supervision attendance that the volunteer decider accepts', () => {
    const [command] = attendanceCommands(held('SupervisionSessionHeld'), now);
    expect(command?.type).toBe('RecordSupervisionAttendance');
    const state = fold(volunteerDecider, [
      {
        type: 'VolunteerRegistered',
        data: {
          volunteerId: 'v-1',
          name: 'N',
          email: 'e',
          phone: 'p',
          dateOfBirth: '2000-01-01',
          languages: ['cs'],
          regions: ['PRAGUE'],
          availability: [],
          interests: [],
          registeredAt: now,
        },
      },
    ]);
    expect(command && volunteerDecider.decide(command, state)).toEqual({
      ok: true,
      events: [{ type: 'SupervisionAttended', data: { sessionId: 'session-1', date: '2025-06-20' } }],
    });
  });
});
