import type { Runtime } from '../../worker/src/runtime/runtime';
import { RUNTIME } from '../src/platform/tokens';
import { startTestApp, type TestApp } from './support/test-app';

const REGISTER = `mutation Register($input: RegisterClientInput!) {
  registerClient(input: $input) { client { id } position }
}`;
const GIVE_CONSENT = `mutation Give($input: GiveConsentInput!) { giveConsent(input: $input) { consent { id } } }`;
const WITHDRAW_CONSENT = `mutation Withdraw($input: WithdrawConsentInput!) {
  withdrawConsent(input: $input) { consent { id status withdrawnOn } }
}`;
const CONSENTS = `query Consents($clientId: ID!) { consents(clientId: $clientId) { id status withdrawnOn } }`;

describe('withdrawConsent defaults over GraphQL', () => {
  let app: TestApp;
  let runtime: Runtime;
  let prague: string;

  beforeAll(async () => {
    app = await startTestApp();
    runtime = app.nest.get<symbol, Runtime>(RUNTIME);
    prague = await app.token('COORDINATOR', ['PRAGUE'], 'coordinator-prague');
  });
  afterAll(async () => {
    await app.close();
  });

  /** A registered client with one consent in force since yesterday. */
  async function clientWithConsent(): Promise<{ clientId: string; consentId: string }> {
    const registered = await app.gql(
      REGISTER,
      {
        input: {
          name: 'Oksana Melnyk',
          email: 'oksana.melnyk@example.org',
          countryOfOrigin: 'UA',
          languages: ['uk'],
          region: 'PRAGUE',
          needs: ['ORIENTATION'],
        },
      },
      prague,
    );
    app.expectNoErrors(registered);
    const clientId = (registered.data?.registerClient as { client: { id: string } }).client.id;
    const given = await app.gql(
      GIVE_CONSENT,
      {
        input: {
          clientId,
          purposes: ['REFERRAL'],
          dataCategories: ['CONTACT'],
          recipients: ['org-legal-aid'],
          lawfulBasis: 'CONSENT',
          givenOn: new Date(Date.now() - 86_400_000).toISOString(),
          method: 'WRITTEN_FORM',
          evidenceRef: 'FORM-2026-0001',
          noticeVersion: '2026-01',
          language: 'uk',
          interpreterUsed: true,
        },
      },
      prague,
    );
    app.expectNoErrors(given);
    return { clientId, consentId: (given.data?.giveConsent as { consent: { id: string } }).consent.id };
  }

  it.each([
    ['omitted', {}],
    ['null', { withdrawnOn: null }],
  ])(
    'given withdrawnOn %s, when a consent is withdrawn, then the withdrawal is recorded at the time of the request',
    async (_how, withdrawnOn) => {
      const { clientId, consentId } = await clientWithConsent();

      const before = Date.now();
      const response = await app.gql(
        WITHDRAW_CONSENT,
        { input: { clientId, consentId, method: 'VERBAL_WITNESSED', ...withdrawnOn } },
        prague,
      );
      const after = Date.now();

      app.expectNoErrors(response);
      const answered = (
        response.data?.withdrawConsent as { consent: { status: string; withdrawnOn: string } }
      ).consent;
      expect(answered.status).toBe('WITHDRAWN');
      expect(answered.withdrawnOn).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
      const at = Date.parse(answered.withdrawnOn);
      expect(at).toBeGreaterThanOrEqual(before);
      expect(at).toBeLessThanOrEqual(after);

      const recorded = (await runtime.eventStore.readStream(`client-${clientId}`)).filter(
        (event) => event.type === 'ConsentWithdrawn',
      );
      expect(recorded.map((event) => event.data.withdrawnOn)).toEqual([answered.withdrawnOn]);
      const listed = await app.gql(CONSENTS, { clientId }, prague);
      expect(listed.data?.consents).toEqual([
        { id: consentId, status: 'WITHDRAWN', withdrawnOn: answered.withdrawnOn },
      ]);
    },
  );
});
