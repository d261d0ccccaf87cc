import { Command } from '@nestjs/cqrs';
import type { RequestContext } from '../../../platform/auth/request-context';
import type { StartVolunteerTrainingInput } from './start-volunteer-training.input';
import type { StartVolunteerTrainingPayload } from './start-volunteer-training.payload';

export class StartVolunteerTrainingCommand extends Command<StartVolunteerTrainingPayload> {
  constructor(
    readonly input: StartVolunteerTrainingInput,
    readonly context: RequestContext,
  ) {
    super();
  }
}
