import { Inject, Injectable } from '@nestjs/common';
import {
  attendanceCommands,
  dateOf,
  isCalendarDate,
  REJECTION_CODES,
  sessionDecider,
  sessionStreamId,
  volunteerDecider,
  volunteerStreamId,
  type SessionCommand,
  type SessionEvent,
} from '@app/domain';
import { PROGRAM_SESSIONS_READ_MODEL, type ProgramSessionDocument } from '@app/read-models/program';
import { VOLUNTEERS_READ_MODEL, type VolunteerDocument } from '@app/read-models/volunteers';
import type { EventStore } from '@app/event-store';
import type { RequestContext } from '../platform/auth/request-context';
import { CommandGateway } from '../platform/commands/command-gateway';
import { notFound, rejectionError } from '../platform/commands/command-errors';
import { READ_SIDE, getDocument, type ReadSide } from '../platform/read-side';
import { EVENT_STORE } from '../platform/tokens';
import { assertVisible, canSeeRegion } from '../shared/regions';
import type { ProgramSessionInput } from './program-session.input';
import { toProgramSessionModel, type ProgramSessionModel } from './program-session.model';
import { forbidden, principalOf } from './volunteer-command-runner';

export interface ProgramSessionPayloadShape {
  readonly session: ProgramSessionModel;
  readonly position: string;
}

const SESSION_EVENT_TYPES: readonly string[] = ['GroupMeetingHeld', 'SupervisionSessionHeld'];

/**
 * Records a session on its own stream, then reflects the attendance on each attendee's volunteer stream.
 * Every attendance command's id derives from the session's commandId and the volunteer, so re-sending the
 * mutation (after a failure half-way, say) completes what is missing and duplicates nothing.
 */
@Injectable()
export class ProgramSessionRecorder {
  constructor(
    private readonly gateway: CommandGateway,
    @Inject(READ_SIDE) private readonly readSide: ReadSide,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async record(
    type: SessionCommand['type'],
    input: ProgramSessionInput,
    context: RequestContext,
  ): Promise<ProgramSessionPayloadShape> {
    const principal = principalOf(context);
    if (!canSeeRegion(principal, input.region)) throw forbidden();
    const commandId = this.gateway.commandId(input.commandId);
    const sessionId = this.gateway.newEntityId(type, commandId);
    // A re-send answers as the session was recorded, whatever became of its attendees since (one who left with
    // a backdated day, say): only a first recording is checked against them.
    const recordedBefore = (await this.store.readStream(sessionStreamId(sessionId))).some(
      (event) => event.metadata.commandId === commandId,
    );
    if (!recordedBefore) await this.assertAttendeesServing(context, input.attendees, input.date);

    const recorded = await this.gateway.execute({
      name: type,
      streamId: sessionStreamId(sessionId),
      decider: sessionDecider,
      command: {
        type,
        data: {
          sessionId,
          date: input.date,
          region: input.region,
          facilitator: input.facilitator,
          attendees: input.attendees,
          now: this.gateway.now(),
        },
      },
      context,
      commandId,
      readModels: [PROGRAM_SESSIONS_READ_MODEL],
    });

    let position = recorded.position;
    const held = recorded.events.find((event) => SESSION_EVENT_TYPES.includes(event.type));
    if (held !== undefined) {
      const sessionEvent = { type: held.type, data: held.data } as unknown as SessionEvent;
      for (const command of attendanceCommands(sessionEvent, this.gateway.now())) {
        const attendance = await this.gateway.execute({
          name: command.type,
          streamId: volunteerStreamId(command.data.volunteerId),
          decider: volunteerDecider,
          command,
          context,
          commandId: this.gateway.newEntityId(`Attendance:${command.data.volunteerId}`, commandId),
          causationId: held.eventId,
          readModels: [VOLUNTEERS_READ_MODEL],
        });
        if (attendance.position > position) position = attendance.position;
      }
    }

    const stored = await getDocument<ProgramSessionDocument>(
      this.readSide,
      PROGRAM_SESSIONS_READ_MODEL,
      sessionId,
    );
    if (stored === null) throw notFound('Program session');
    return { session: toProgramSessionModel(stored.id, stored.data), position: position.toString() };
  }

  /**
   * Attendance is written on each volunteer's record, so every attendee must be a volunteer the caller may
   * see (else NOT_FOUND, as for any unseen record), serving on the session's date and registered by it (the
   * volunteer decider would refuse that attendance): checked before anything is recorded, so that a session
   * is recorded with all its attendance or not at all.
   */
  private async assertAttendeesServing(
    context: RequestContext,
    attendees: readonly string[],
    date: string,
  ): Promise<void> {
    const principal = principalOf(context);
    const ids = [...new Set(attendees)];
    const found = await this.readSide.documents.getMany<VolunteerDocument>(
      await this.readSide.collection(VOLUNTEERS_READ_MODEL),
      ids,
    );
    for (const id of ids) {
      const volunteer = assertVisible(principal, found.get(id)?.data ?? null, 'Volunteer');
      const leftOn = volunteer.left?.leftOn;
      if (volunteer.status === 'LEFT' && (leftOn === undefined || !isCalendarDate(date) || date > leftOn)) {
        throw rejectionError({
          code: 'VOLUNTEER.LEFT',
          message: REJECTION_CODES['VOLUNTEER.LEFT'],
          field: 'attendees',
        });
      }
      if (isCalendarDate(date) && date < dateOf(volunteer.registeredAt)) {
        throw rejectionError({
          code: 'VALIDATION.INVALID_RANGE',
          message: REJECTION_CODES['VALIDATION.INVALID_RANGE'],
          field: 'date',
        });
      }
    }
  }
}
