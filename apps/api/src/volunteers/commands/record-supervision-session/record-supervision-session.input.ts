import { InputType } from '@nestjs/graphql';
import { ProgramSessionInput } from '../../program-session.input';

@InputType()
export class RecordSupervisionSessionInput extends ProgramSessionInput {}
