import { MatchPayload } from '../../shared/match-payload';

export const ApproveMeetingPayload = MatchPayload('ApproveMeetingPayload');
