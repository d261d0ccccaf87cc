import { MatchPayload } from '../../shared/match-payload';

export const DeclineMeetingPayload = MatchPayload('DeclineMeetingPayload');
