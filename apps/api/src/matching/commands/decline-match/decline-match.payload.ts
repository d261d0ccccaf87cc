import { MatchPayload } from '../../shared/match-payload';

export const DeclineMatchPayload = MatchPayload('DeclineMatchPayload');
