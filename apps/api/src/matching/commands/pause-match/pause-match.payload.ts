import { MatchPayload } from '../../shared/match-payload';

export const PauseMatchPayload = MatchPayload('PauseMatchPayload');
