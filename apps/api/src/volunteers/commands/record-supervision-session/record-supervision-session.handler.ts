import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ProgramSessionRecorder } from '../../program-session-recorder';
import { RecordSupervisionSessionCommand } from './record-supervision-session.command';
import type { RecordSupervisionSessionPayload } from './record-supervision-session.payload';

@CommandHandler(RecordSupervisionSessionCommand)
export class RecordSupervisionSessionHandler implements ICommandHandler<RecordSupervisionSessionCommand> {
  constructor(private readonly recorder: ProgramSessionRecorder) {}

  execute({ input, context }: RecordSupervisionSessionCommand): Promise<RecordSupervisionSessionPayload> {
    return this.recorder.record('RecordSupervisionSession', input, context);
  }
}
