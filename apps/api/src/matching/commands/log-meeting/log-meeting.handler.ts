import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { MatchCommandRunner } from '../../shared/match-command-runner';
import { LogMeetingCommand } from './log-meeting.command';
import type { LogMeetingPayload } from './log-meeting.payload';

@CommandHandler(LogMeetingCommand)
export class LogMeetingHandler implements ICommandHandler<LogMeetingCommand, LogMeetingPayload> {
  constructor(private readonly runner: MatchCommandRunner) {}

  async execute({ input, context }: LogMeetingCommand): Promise<LogMeetingPayload> {
    const commandId = this.runner.gateway.commandId(input.commandId);
    // Derived from the idempotency key, so that a re-sent command names the meeting it already logged.
    const meetingId = this.runner.gateway.newEntityId('LogMeeting', commandId);
    const { payload } = await this.runner.run(
      'LogMeeting',
      context,
      input.matchId,
      commandId,
      (now, principal) => ({
        type: 'LogMeeting',
        data: {
          matchId: input.matchId,
          meetingId,
          date: input.date,
          hours: input.hours,
          activity: input.activity,
          place: input.place,
          loggedBy: principal.subject,
          now,
        },
      }),
    );
    return { ...payload, meetingId };
  }
}
