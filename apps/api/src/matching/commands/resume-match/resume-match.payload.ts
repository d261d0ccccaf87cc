import { MatchPayload } from '../../shared/match-payload';

export const ResumeMatchPayload = MatchPayload('ResumeMatchPayload');
