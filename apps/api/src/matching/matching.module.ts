import { Module } from '@nestjs/common';
import { AcceptMatchHandler } from './commands/accept-match/accept-match.handler';
import { AcceptMatchResolver } from './commands/accept-match/accept-match.resolver';
import { ApproveMeetingHandler } from './commands/approve-meeting/approve-meeting.handler';
import { ApproveMeetingResolver } from './commands/approve-meeting/approve-meeting.resolver';
import { DeclineMatchHandler } from './commands/decline-match/decline-match.handler';
import { DeclineMatchResolver } from './commands/decline-match/decline-match.resolver';
import { DeclineMeetingHandler } from './commands/decline-meeting/decline-meeting.handler';
import { DeclineMeetingResolver } from './commands/decline-meeting/decline-meeting.resolver';
import { DiscloseMatchContactHandler } from './commands/disclose-match-contact/disclose-match-contact.handler';
import { DiscloseMatchContactResolver } from './commands/disclose-match-contact/disclose-match-contact.resolver';
import { EndMatchHandler } from './commands/end-match/end-match.handler';
import { EndMatchResolver } from './commands/end-match/end-match.resolver';
import { LogMeetingHandler } from './commands/log-meeting/log-meeting.handler';
import { LogMeetingResolver } from './commands/log-meeting/log-meeting.resolver';
import { PauseMatchHandler } from './commands/pause-match/pause-match.handler';
import { PauseMatchResolver } from './commands/pause-match/pause-match.resolver';
import { ProposeMatchHandler } from './commands/propose-match/propose-match.handler';
import { ProposeMatchResolver } from './commands/propose-match/propose-match.resolver';
import { ResumeMatchHandler } from './commands/resume-match/resume-match.handler';
import { ResumeMatchResolver } from './commands/resume-match/resume-match.resolver';
import { MatchSuggestionsResolver } from './queries/match-suggestions/match-suggestions.resolver';
import { MatchResolver } from './queries/match/match.resolver';
import { MatchesResolver } from './queries/matches/matches.resolver';
import { MatchCommandRunner } from './shared/match-command-runner';
import { MatchReader } from './shared/match-reader';
import { PartyFacts } from './shared/party-facts';

const commands = [
  [ProposeMatchHandler, ProposeMatchResolver],
  [AcceptMatchHandler, AcceptMatchResolver],
  [DiscloseMatchContactHandler, DiscloseMatchContactResolver],
  [DeclineMatchHandler, DeclineMatchResolver],
  [LogMeetingHandler, LogMeetingResolver],
  [ApproveMeetingHandler, ApproveMeetingResolver],
  [DeclineMeetingHandler, DeclineMeetingResolver],
  [PauseMatchHandler, PauseMatchResolver],
  [ResumeMatchHandler, ResumeMatchResolver],
  [EndMatchHandler, EndMatchResolver],
].flat();

/** Matches, meetings, match suggestions and the coordinators' dashboard. */
@Module({
  providers: [
    MatchReader,
    MatchCommandRunner,
    PartyFacts,
    ...commands,
    MatchResolver,
    MatchesResolver,
    MatchSuggestionsResolver,
  ],
})
export class MatchingModule {}
