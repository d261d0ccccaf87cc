import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import type { ProgramSessionDocument } from '@app/read-models/program';
import { RegionEnum } from '../shared/enums';
import { DateScalar, DateTimeScalar } from '../shared/scalars';
import { ProgramSessionKindEnum } from './volunteer.enums';

@ObjectType('ProgramSession', { description: 'A monthly group meeting or a supervision session.' })
export class ProgramSessionModel {
  @Field(() => ID)
  id!: string;

  @Field(() => ProgramSessionKindEnum)
  kind!: ProgramSessionKindEnum;

  @Field(() => DateScalar)
  date!: string;

  @Field(() => RegionEnum)
  region!: RegionEnum;

  @Field({ description: 'Party id of whoever led the session.' })
  facilitator!: string;

  @Field(() => [ID], { description: 'Volunteer ids; to a coordinator, those of their regions only.' })
  attendees!: string[];

  @Field(() => Int, { description: 'Everyone who attended, whatever their region.' })
  attendeeCount!: number;

  @Field(() => DateTimeScalar)
  recordedAt!: string;
}

export const toProgramSessionModel = (id: string, document: ProgramSessionDocument): ProgramSessionModel => ({
  id,
  kind: document.kind as ProgramSessionKindEnum,
  date: document.date,
  region: document.region as RegionEnum,
  facilitator: document.facilitator,
  attendees: document.attendees,
  attendeeCount: document.attendeeCount,
  recordedAt: document.recordedAt,
});
