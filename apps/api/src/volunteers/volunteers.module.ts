import { Module } from '@nestjs/common';
import { ActivateVolunteerHandler } from './commands/activate-volunteer/activate-volunteer.handler';
import { ActivateVolunteerResolver } from './commands/activate-volunteer/activate-volunteer.resolver';
import { ArrangeInsuranceHandler } from './commands/arrange-insurance/arrange-insurance.handler';
import { ArrangeInsuranceResolver } from './commands/arrange-insurance/arrange-insurance.resolver';
import { PauseVolunteerHandler } from './commands/pause-volunteer/pause-volunteer.handler';
import { PauseVolunteerResolver } from './commands/pause-volunteer/pause-volunteer.resolver';
import { RecordConsultationHandler } from './commands/record-consultation/record-consultation.handler';
import { RecordConsultationResolver } from './commands/record-consultation/record-consultation.resolver';
import { RecordCourseCompletionHandler } from './commands/record-course-completion/record-course-completion.handler';
import { RecordCourseCompletionResolver } from './commands/record-course-completion/record-course-completion.resolver';
import { RecordGroupMeetingHandler } from './commands/record-group-meeting/record-group-meeting.handler';
import { RecordGroupMeetingResolver } from './commands/record-group-meeting/record-group-meeting.resolver';
import { RecordGuideHandedOutHandler } from './commands/record-guide-handed-out/record-guide-handed-out.handler';
import { RecordGuideHandedOutResolver } from './commands/record-guide-handed-out/record-guide-handed-out.resolver';
import { RecordSupervisionSessionHandler } from './commands/record-supervision-session/record-supervision-session.handler';
import { RecordSupervisionSessionResolver } from './commands/record-supervision-session/record-supervision-session.resolver';
import { RecordVolunteerLeftHandler } from './commands/record-volunteer-left/record-volunteer-left.handler';
import { RecordVolunteerLeftResolver } from './commands/record-volunteer-left/record-volunteer-left.resolver';
import { RegisterVolunteerHandler } from './commands/register-volunteer/register-volunteer.handler';
import { RegisterVolunteerResolver } from './commands/register-volunteer/register-volunteer.resolver';
import { ResumeVolunteerHandler } from './commands/resume-volunteer/resume-volunteer.handler';
import { ResumeVolunteerResolver } from './commands/resume-volunteer/resume-volunteer.resolver';
import { SignVolunteerAgreementHandler } from './commands/sign-volunteer-agreement/sign-volunteer-agreement.handler';
import { SignVolunteerAgreementResolver } from './commands/sign-volunteer-agreement/sign-volunteer-agreement.resolver';
import { StartVolunteerTrainingHandler } from './commands/start-volunteer-training/start-volunteer-training.handler';
import { StartVolunteerTrainingResolver } from './commands/start-volunteer-training/start-volunteer-training.resolver';
import { ProgramSessionRecorder } from './program-session-recorder';
import { ProgramSessionsResolver } from './queries/program-sessions/program-sessions.resolver';
import { VolunteerResolver } from './queries/volunteer/volunteer.resolver';
import { VolunteersResolver } from './queries/volunteers/volunteers.resolver';
import { VolunteerCommandRunner } from './volunteer-command-runner';
import { VolunteerConsultationsResolver } from './queries/volunteer/volunteer-consultations.resolver';
import { ProgramSessionAttendeesResolver } from './queries/program-sessions/program-session-attendees.resolver';

/** Volunteers and program sessions (group meetings, supervision). */
@Module({
  providers: [
    VolunteerCommandRunner,
    VolunteerConsultationsResolver,
    ProgramSessionAttendeesResolver,
    ProgramSessionRecorder,
    ActivateVolunteerHandler,
    ActivateVolunteerResolver,
    ArrangeInsuranceHandler,
    ArrangeInsuranceResolver,
    PauseVolunteerHandler,
    PauseVolunteerResolver,
    RecordConsultationHandler,
    RecordConsultationResolver,
    RecordCourseCompletionHandler,
    RecordCourseCompletionResolver,
    RecordGroupMeetingHandler,
    RecordGroupMeetingResolver,
    RecordGuideHandedOutHandler,
    RecordGuideHandedOutResolver,
    RecordSupervisionSessionHandler,
    RecordSupervisionSessionResolver,
    RecordVolunteerLeftHandler,
    RecordVolunteerLeftResolver,
    RegisterVolunteerHandler,
    RegisterVolunteerResolver,
    ResumeVolunteerHandler,
    ResumeVolunteerResolver,
    SignVolunteerAgreementHandler,
    SignVolunteerAgreementResolver,
    StartVolunteerTrainingHandler,
    StartVolunteerTrainingResolver,
    VolunteerResolver,
    VolunteersResolver,
    ProgramSessionsResolver,
  ],
})
export class VolunteersModule {}
