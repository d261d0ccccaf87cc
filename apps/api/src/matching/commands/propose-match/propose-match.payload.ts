import { MatchPayload } from '../../shared/match-payload';

export const ProposeMatchPayload = MatchPayload('ProposeMatchPayload');
