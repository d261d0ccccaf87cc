import { ObjectType } from '@nestjs/graphql';
import { VolunteerPayload } from '../../volunteer.payload';

@ObjectType()
export class ArrangeInsurancePayload extends VolunteerPayload {}
