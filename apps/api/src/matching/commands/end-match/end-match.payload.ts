import { MatchPayload } from '../../shared/match-payload';

export const EndMatchPayload = MatchPayload('EndMatchPayload');
