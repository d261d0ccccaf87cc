import { Field, ObjectType } from '@nestjs/graphql';
import { ProgramSessionModel } from './program-session.model';
import { VolunteerModel } from './volunteer.model';

/** What every volunteer mutation answers: the volunteer as the read model now shows it, and the position to read at. */
@ObjectType({ isAbstract: true })
export abstract class VolunteerPayload {
  @Field(() => VolunteerModel)
  volunteer!: VolunteerModel;

  @Field({ description: 'Position of the last event the mutation recorded (or found, when re-sent).' })
  position!: string;
}

@ObjectType({ isAbstract: true })
export abstract class ProgramSessionPayload {
  @Field(() => ProgramSessionModel)
  session!: ProgramSessionModel;

  @Field({ description: 'Position of the last event the mutation recorded, attendance included.' })
  position!: string;
}
