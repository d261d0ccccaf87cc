/**
 * The mutations the seed sends, each selecting only ids and the position: selecting a client's personal fields
 * would append an access record for every write, which is noise in a demo store's access log.
 */
export const SEED_MUTATIONS = {
  registerVolunteer: ['RegisterVolunteerInput', 'volunteer { id }'],
  startVolunteerTraining: ['StartVolunteerTrainingInput', 'volunteer { id }'],
  recordCourseCompletion: ['RecordCourseCompletionInput', 'volunteer { id }'],
  recordGuideHandedOut: ['RecordGuideHandedOutInput', 'volunteer { id }'],
  signVolunteerAgreement: ['SignVolunteerAgreementInput', 'volunteer { id }'],
  arrangeInsurance: ['ArrangeInsuranceInput', 'volunteer { id }'],
  activateVolunteer: ['ActivateVolunteerInput', 'volunteer { id }'],
  pauseVolunteer: ['PauseVolunteerInput', 'volunteer { id }'],
  resumeVolunteer: ['ResumeVolunteerInput', 'volunteer { id }'],
  recordVolunteerLeft: ['RecordVolunteerLeftInput', 'volunteer { id }'],
  recordConsultation: ['RecordConsultationInput', 'volunteer { id }'],
  recordGroupMeeting: ['RecordGroupMeetingInput', 'session { id }'],
  recordSupervisionSession: ['RecordSupervisionSessionInput', 'session { id }'],
  registerClient: ['RegisterClientInput', 'client { id }'],
  updateClientContact: ['UpdateClientContactInput', 'client { id }'],
  giveConsent: ['GiveConsentInput', 'consent { id }'],
  withdrawConsent: ['WithdrawConsentInput', 'consent { id }'],
  discloseInformation: ['DiscloseInformationInput', 'disclosureId outcome refusalCode'],
  recordClientDeparture: ['RecordClientDepartureInput', 'client { id }'],
  proposeMatch: ['ProposeMatchInput', 'match { id }'],
  acceptMatch: ['AcceptMatchInput', 'match { id } contactDisclosure { outcome refusalCode }'],
  declineMatch: ['DeclineMatchInput', 'match { id }'],
  pauseMatch: ['PauseMatchInput', 'match { id }'],
  resumeMatch: ['ResumeMatchInput', 'match { id }'],
  endMatch: ['EndMatchInput', 'match { id }'],
  logMeeting: ['LogMeetingInput', 'meetingId'],
  approveMeeting: ['ApproveMeetingInput', 'position'],
  declineMeeting: ['DeclineMeetingInput', 'position'],
} as const satisfies Record<string, readonly [inputType: string, selection: string]>;

export type SeedMutation = keyof typeof SEED_MUTATIONS;

const documents = new Map<SeedMutation, string>();

/** `mutation ($input: XInput!) { verb(input: $input) { position … } }`, built once per verb. */
export function mutationDocument(verb: SeedMutation): string {
  let document = documents.get(verb);
  if (document === undefined) {
    const [inputType, selection] = SEED_MUTATIONS[verb];
    const fields = selection === 'position' ? 'position' : `position ${selection}`;
    document = `mutation Seed($input: ${inputType}!) { ${verb}(input: $input) { ${fields} } }`;
    documents.set(verb, document);
  }
  return document;
}
