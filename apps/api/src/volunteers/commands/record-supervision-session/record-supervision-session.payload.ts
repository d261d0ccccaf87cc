import { ObjectType } from '@nestjs/graphql';
import { ProgramSessionPayload } from '../../volunteer.payload';

@ObjectType()
export class RecordSupervisionSessionPayload extends ProgramSessionPayload {}
