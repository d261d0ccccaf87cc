import { ObjectType } from '@nestjs/graphql';
import { MatchContactPayload } from '../accept-match/accept-match.payload';

@ObjectType('DiscloseMatchContactPayload')
export class DiscloseMatchContactPayload extends MatchContactPayload {}
