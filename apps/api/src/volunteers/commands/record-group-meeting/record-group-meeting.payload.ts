import { ObjectType } from '@nestjs/graphql';
import { ProgramSessionPayload } from '../../volunteer.payload';

@ObjectType()
export class RecordGroupMeetingPayload extends ProgramSessionPayload {}
