import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GraphQLError } from 'graphql';
import type { Runtime } from '../../worker/src/runtime/runtime';
import { AccessRecorder } from '../src/platform/access/access-recorder';
import { canonicalText } from '../src/shared/canonical-text';
import { RUNTIME } from '../src/platform/tokens';
import { startTestApp, type GraphQLResponse, type TestApp } from './support/test-app';

const REGISTER = `mutation Register($input: RegisterClientInput!) {
  registerClient(input: $input) { client { id name region languages needs } position }
}`;
const REGISTER_WITHOUT_PERSONAL_DATA = `mutation Register($input: RegisterClientInput!) {
  registerClient(input: $input) { client { id region languages needs } position }
}`;
const GIVE_CONSENT = `mutation Give($input: GiveConsentInput!) { giveConsent(input: $input) { consent { id status } position } }`;
const WITHDRAW_CONSENT = `mutation Withdraw($input: WithdrawConsentInput!) {
  withdrawConsent(input: $input) { consent { id status withdrawnOn } position }
}`;
const DISCLOSE = `mutation Disclose($input: DiscloseInformationInput!) {
  discloseInformation(input: $input) { outcome disclosureId refusalCode position }
}`;
const CLIENT = `query Client($id: ID!) {
  client(id: $id) { id name contact { email phone address } dateOfBirth countryOfOrigin region languages needs status erased }
}`;
const CONSENTS = `query Consents($clientId: ID!) {
  consents(clientId: $clientId) {
    id status purposes dataCategories recipients lawfulBasis givenOn expiresOn withdrawnOn method
    evidenceRef noticeVersion language interpreterUsed
  }
}`;
const DISCLOSURES = `query Disclosures($clientId: ID!) {
  disclosures(clientId: $clientId) {
    id outcome recipient purpose dataCategories consentId legalObligation refusalCode at by
  }
}`;

const daysAgo = (days: number): string => new Date(Date.now() - days * 86_400_000).toISOString();

const clientInput = (overrides: Record<string, unknown> = {}) => ({
  name: 'Olena Kovalenko',
  email: 'olena@example.org',
  phone: '+420 777 000 111',
  dateOfBirth: '1990-05-01',
  countryOfOrigin: 'UA',
  languages: ['uk', 'ru'],
  region: 'PRAGUE',
  needs: ['CZECH_PRACTICE'],
  ...overrides,
});

const consentInput = (clientId: string, overrides: Record<string, unknown> = {}) => ({
  clientId,
  purposes: ['REFERRAL'],
  dataCategories: ['IDENTITY', 'CONTACT'],
  recipients: ['org-legal-aid'],
  lawfulBasis: 'CONSENT',
  givenOn: daysAgo(1),
  method: 'WRITTEN_FORM',
  evidenceRef: 'FORM-2025-017',
  noticeVersion: '2025-01',
  language: 'uk',
  interpreterUsed: true,
  ...overrides,
});

interface Edge {
  readonly node: { readonly id: string; readonly name: string; readonly region: string };
}
interface ClientPage {
  readonly totalCount: number;
  readonly pageInfo: { readonly hasNextPage: boolean; readonly endCursor: string | null };
  readonly edges: readonly Edge[];
}
const pageOf = (data: Record<string, unknown> | null | undefined): ClientPage => data?.clients as ClientPage;
const listOf = <T>(value: unknown): T[] => value as T[];
const namesOf = (page: ClientPage): string[] => page.edges.map((edge) => edge.node.name);

const codeOf = (response: { errors?: { extensions?: { code?: string } }[] }) =>
  response.errors?.[0]?.extensions?.code;

/** The fields the first error names, as the API's input refusals list them. */
const fieldsOf = (response: GraphQLResponse): string[] | undefined =>
  (response.errors?.[0]?.extensions?.fields as { field: string }[] | undefined)?.map(
    (problem) => problem.field,
  );

/** The files under `directory` (recursively) whose bytes contain any of `texts` (UTF-8). */
function filesHolding(directory: string, texts: readonly string[]): string[] {
  const needles = texts.map((text) => Buffer.from(text, 'utf8'));
  return readdirSync(directory, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .filter((file) => {
      const bytes = readFileSync(file);
      return needles.some((needle) => bytes.includes(needle));
    });
}

describe('clients, consent and disclosures over GraphQL', () => {
  let app: TestApp;
  let runtime: Runtime;
  let prague: string;
  let liberec: string;
  let admin: string;
  let auditor: string;

  const register = async (overrides: Record<string, unknown> = {}, token = prague) => {
    const response = await app.gql(REGISTER, { input: clientInput(overrides) }, token);
    app.expectNoErrors(response);
    return response.data!.registerClient as { client: { id: string; name: string }; position: string };
  };
  const giveConsent = async (clientId: string, overrides: Record<string, unknown> = {}, token = prague) => {
    const response = await app.gql(GIVE_CONSENT, { input: consentInput(clientId, overrides) }, token);
    app.expectNoErrors(response);
    return response.data!.giveConsent as { consent: { id: string; status: string }; position: string };
  };
  const accessRecords = (clientId: string) => runtime.eventStore.readStream(`clientAccess-${clientId}`);

  beforeAll(async () => {
    app = await startTestApp();
    runtime = app.nest.get<symbol, Runtime>(RUNTIME);
    prague = await app.token('COORDINATOR', ['PRAGUE'], 'coordinator-prague');
    liberec = await app.token('COORDINATOR', ['LIBEREC'], 'coordinator-liberec');
    admin = await app.token('ADMIN', [], 'admin-1');
    auditor = await app.token('AUDITOR', [], 'auditor-1');
  });
  afterAll(async () => {
    await app.close();
  });
  afterEach(() => {
    jest.restoreAllMocks();
  });

  describe('registerClient', () => {
    it('registers a client and the query right after reads it back (read-your-writes)', async () => {
      const { client, position } = await register();
      expect(client).toEqual({
        id: expect.any(String),
        name: 'Olena Kovalenko',
        region: 'PRAGUE',
        languages: ['uk', 'ru'],
        needs: ['CZECH_PRACTICE'],
      });
      expect(BigInt(position)).toBeGreaterThan(0n);
      const read = await app.gql(CLIENT, { id: client.id }, prague);
      expect(read.data?.client).toEqual({
        id: client.id,
        name: 'Olena Kovalenko',
        contact: { email: 'olena@example.org', phone: '+420 777 000 111', address: null },
        dateOfBirth: '1990-05-01',
        countryOfOrigin: 'UA',
        region: 'PRAGUE',
        languages: ['uk', 'ru'],
        needs: ['CZECH_PRACTICE'],
        status: 'REGISTERED',
        erased: false,
      });
    });

    it('accepts a client without a date of birth (optional in the API)', async () => {
      const { client } = await register({ dateOfBirth: null, phone: null });
      const read = await app.gql(CLIENT, { id: client.id }, prague);
      expect(read.data?.client).toMatchObject({
        dateOfBirth: null,
        contact: { email: 'olena@example.org', phone: null },
      });
    });

    it('re-sent with the same commandId returns the same client and position and appends nothing', async () => {
      const input = clientInput({ commandId: 'register-once-1' });
      const first = await app.gql(REGISTER_WITHOUT_PERSONAL_DATA, { input }, prague);
      const head = await runtime.eventStore.headPosition();
      const again = await app.gql(REGISTER_WITHOUT_PERSONAL_DATA, { input }, prague);
      app.expectNoErrors(again);
      expect(again.data).toEqual(first.data);
      expect(await runtime.eventStore.headPosition()).toBe(head);
    });

    it('re-sent with the same commandId but another input is refused COMMAND.ID_REUSED, appending and changing nothing', async () => {
      const first = await app.gql(
        REGISTER_WITHOUT_PERSONAL_DATA,
        { input: clientInput({ commandId: 'register-reused-1' }) },
        prague,
      );
      app.expectNoErrors(first);
      const clientId = (first.data!.registerClient as { client: { id: string } }).client.id;
      const head = await runtime.eventStore.headPosition();

      const other = await app.gql(
        REGISTER_WITHOUT_PERSONAL_DATA,
        {
          input: clientInput({
            commandId: 'register-reused-1',
            name: 'Other Person',
            dateOfBirth: '1985-02-03',
          }),
        },
        prague,
      );

      expect(codeOf(other)).toBe('COMMAND.ID_REUSED');
      expect(other.errors?.[0]?.message).toBe('This commandId was already used for a different request.');
      expect(other.data?.registerClient ?? null).toBeNull();
      expect(JSON.stringify(other)).not.toContain('Other Person');
      expect(await runtime.eventStore.headPosition()).toBe(head);
      const read = await app.gql(CLIENT, { id: clientId }, prague);
      expect(read.data?.client).toMatchObject({ name: 'Olena Kovalenko', dateOfBirth: '1990-05-01' });
    });

    it('stamps a fingerprint on the events of a mutation that is neither the input nor a plain hash of it', async () => {
      const input = clientInput({ commandId: 'register-fingerprinted-1' });
      const first = await app.gql(REGISTER_WITHOUT_PERSONAL_DATA, { input }, prague);
      const clientId = (first.data!.registerClient as { client: { id: string } }).client.id;
      const [registered] = await runtime.eventStore.readStream(`client-${clientId}`);
      const fingerprint = registered!.metadata.commandFingerprint;
      expect(fingerprint).toMatch(/^[A-Za-z0-9_-]{22}$/);
      const { commandId: _commandId, ...request } = input as Record<string, unknown>;
      const plain = createHash('sha256')
        .update(`registerClient\u0000${canonicalText(request)}`)
        .digest();
      expect(fingerprint).not.toBe(plain.subarray(0, 16).toString('base64url'));
      expect(JSON.stringify(registered!.metadata)).not.toMatch(/Olena|Kovalenko|1990-05-01|olena@/);
    });

    it('tells apart two mutations of one request, each by its own input', async () => {
      const twice = `mutation Twice($a: RegisterClientInput!, $b: RegisterClientInput!) {
        a: registerClient(input: $a) { client { id } }
        b: registerClient(input: $b) { client { id } }
      }`;
      const response = await app.gql(
        twice,
        {
          a: clientInput({ commandId: 'register-twice-1' }),
          b: clientInput({ commandId: 'register-twice-1', name: 'Other Person' }),
        },
        prague,
      );
      // A non-null payload takes `data` with it; `a` was applied under its own fingerprint, `b` refused.
      expect(response.errors?.map((error) => error.path)).toEqual([['b']]);
      const head = await runtime.eventStore.headPosition();
      const resentA = await app.gql(
        REGISTER_WITHOUT_PERSONAL_DATA,
        { input: clientInput({ commandId: 'register-twice-1' }) },
        prague,
      );
      app.expectNoErrors(resentA);
      expect(await runtime.eventStore.headPosition()).toBe(head);
      expect(codeOf(response)).toBe('COMMAND.ID_REUSED');
    });

    it('rejects invalid input naming each field, without echoing values', async () => {
      const response = await app.gql(
        REGISTER,
        { input: clientInput({ countryOfOrigin: 'Ukraine', languages: [], email: 'not-an-email' }) },
        prague,
      );
      expect(codeOf(response)).toBe('BAD_USER_INPUT');
      const fields = (response.errors?.[0]?.extensions?.fields as { field: string }[]).map(
        (problem) => problem.field,
      );
      expect(fields).toEqual(expect.arrayContaining(['countryOfOrigin', 'languages', 'email']));
      expect(JSON.stringify(response)).not.toContain('Olena');
      expect(JSON.stringify(response)).not.toContain('not-an-email');
    });

    it('names the field of a value refused by a scalar or an enum, in a variable or a literal, appending nothing', async () => {
      const head = await runtime.eventStore.headPosition();
      const badDate = await app.gql(REGISTER, { input: clientInput({ dateOfBirth: '1990-02-30' }) }, prague);
      expect(codeOf(badDate)).toBe('BAD_USER_INPUT');
      expect(fieldsOf(badDate)).toEqual(['dateOfBirth']);
      const badRegion = await app.gql(REGISTER, { input: clientInput({ region: 'MARS' }) }, prague);
      expect(codeOf(badRegion)).toBe('BAD_USER_INPUT');
      expect(fieldsOf(badRegion)).toEqual(['region']);
      const literal = await app.gql(
        `mutation { registerClient(input: { name: "Olena Literal", dateOfBirth: "1990-02-30",
          countryOfOrigin: "UA", languages: ["uk"], region: PRAGUE, needs: [ORIENTATION] }) { position } }`,
        {},
        prague,
      );
      expect(codeOf(literal)).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(fieldsOf(literal)).toEqual(['dateOfBirth']);
      for (const response of [badDate, badRegion, literal]) {
        expect(JSON.stringify(response)).not.toMatch(/1990-02-30|MARS|Olena/);
      }
      expect(await runtime.eventStore.headPosition()).toBe(head);
    });

    it('rejects a blank name as invalid input together with the other invalid fields', async () => {
      const response = await app.gql(
        REGISTER,
        { input: clientInput({ name: '   ', email: 'not-an-email', countryOfOrigin: 'Ukraine' }) },
        prague,
      );
      expect(codeOf(response)).toBe('BAD_USER_INPUT');
      const fields = (response.errors?.[0]?.extensions?.fields as { field: string }[]).map(
        (problem) => problem.field,
      );
      expect([...new Set(fields)].sort()).toEqual(['countryOfOrigin', 'email', 'name']);
    });

    it('rejects a name without a visible character, or with control or bidi characters', async () => {
      for (const name of ['\u200b', 'Olena\u0000Kovalenko', 'Olena \u202Eoknelavok']) {
        const response = await app.gql(REGISTER, { input: clientInput({ name }) }, prague);
        expect(codeOf(response)).toBe('BAD_USER_INPUT');
        expect(response.errors?.[0]?.extensions?.fields).toEqual([
          { field: 'name', message: expect.any(String) },
        ]);
      }
    });

    it('rejects a date of birth before 1900 as invalid input', async () => {
      const response = await app.gql(REGISTER, { input: clientInput({ dateOfBirth: '1800-01-01' }) }, prague);
      expect(codeOf(response)).toBe('BAD_USER_INPUT');
      expect(JSON.stringify(response)).not.toContain('1800-01-01');
    });

    it('registers a client with no contact details yet, whose contact reads as null', async () => {
      const registered = await app.gql(
        REGISTER,
        { input: clientInput({ email: null, phone: null, dateOfBirth: null }) },
        prague,
      );
      app.expectNoErrors(registered);
      const clientId = (registered.data!.registerClient as { client: { id: string } }).client.id;
      const read = await app.gql(CLIENT, { id: clientId }, prague);
      app.expectNoErrors(read);
      expect(read.data?.client).toMatchObject({ name: 'Olena Kovalenko', contact: null, dateOfBirth: null });
    });

    it('registers a client whose only contact is an address, and rejects a blank one naming the field', async () => {
      const address = 'Pobytové středisko, Kostelec nad Orlicí';
      const registered = await app.gql(
        REGISTER,
        { input: clientInput({ email: null, phone: null, address }) },
        prague,
      );
      app.expectNoErrors(registered);
      const clientId = (registered.data!.registerClient as { client: { id: string } }).client.id;
      const read = await app.gql(CLIENT, { id: clientId }, prague);
      expect(read.data?.client).toMatchObject({ contact: { email: null, phone: null, address } });

      const head = await runtime.eventStore.headPosition();
      const blank = await app.gql(REGISTER, { input: clientInput({ address: '   ' }) }, prague);
      expect(codeOf(blank)).toBe('BAD_USER_INPUT');
      expect(blank.errors?.[0]?.extensions?.fields).toEqual([
        { field: 'address', message: expect.any(String) },
      ]);
      expect(await runtime.eventStore.headPosition()).toBe(head);
    });

    it('refuses registration in a region the coordinator does not serve', async () => {
      const response = await app.gql(REGISTER, { input: clientInput({ region: 'PRAGUE' }) }, liberec);
      expect(codeOf(response)).toBe('FORBIDDEN');
    });

    it('answers UNAUTHENTICATED without a token', async () => {
      const response = await app.gql(REGISTER, { input: clientInput() });
      expect(codeOf(response)).toBe('UNAUTHENTICATED');
    });
  });

  describe('access recording', () => {
    it('records who read which personal fields of which client, once per client per request', async () => {
      const { client } = await register();
      const before = (await accessRecords(client.id)).length;
      const response = await app.gql(CLIENT, { id: client.id }, prague);
      app.expectNoErrors(response);
      const records = (await accessRecords(client.id)).slice(before);
      expect(records).toHaveLength(1);
      expect(records[0]?.type).toBe('PersonalDataAccessed');
      expect(records[0]?.data).toMatchObject({
        clientId: client.id,
        fields: ['name', 'contact', 'dateOfBirth', 'countryOfOrigin'],
        operation: 'query client',
        accessedBy: 'coordinator-prague',
        role: 'COORDINATOR',
      });
      expect(records[0]?.metadata.correlationId).toEqual(expect.any(String));
    });

    it('given one client read under two aliases with different fields, when recorded, then every field returned is recorded once', async () => {
      const { client } = await register();
      const before = (await accessRecords(client.id)).length;
      const response = await app.gql(
        `query($id: ID!) { b: client(id: $id) { name } c: client(id: $id) { name dateOfBirth countryOfOrigin } }`,
        { id: client.id },
        prague,
      );
      app.expectNoErrors(response);
      const records = (await accessRecords(client.id)).slice(before);
      expect(records.map((record) => record.data.fields)).toEqual([
        ['name'],
        ['dateOfBirth', 'countryOfOrigin'],
      ]);
    });

    it('given a client read through clients and client with different fields, when recorded, then each operation records what it read', async () => {
      const { client } = await register({ name: 'Twofold Reader', region: 'LIBEREC' }, admin);
      const before = (await accessRecords(client.id)).length;
      const response = await app.gql(
        `query($id: ID!) {
          clients(filter: { namePrefix: "Twofold" }) { edges { node { name } } }
          client(id: $id) { contact { phone email } dateOfBirth }
        }`,
        { id: client.id },
        admin,
      );
      app.expectNoErrors(response);
      const records = (await accessRecords(client.id)).slice(before).map((record) => record.data);
      expect(records).toHaveLength(2);
      expect(records).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ fields: ['name'], operation: 'query clients' }),
          expect.objectContaining({ fields: ['contact', 'dateOfBirth'], operation: 'query client' }),
        ]),
      );
    });

    it('records the mutation that returned personal data, and nothing for a read without personal fields', async () => {
      const { client } = await register();
      const records = await accessRecords(client.id);
      expect(records.map((record) => record.data)).toEqual([
        expect.objectContaining({ fields: ['name'], operation: 'mutation registerClient' }),
      ]);
      await app.gql(`query($id: ID!) { client(id: $id) { id region needs } }`, { id: client.id }, prague);
      expect(await accessRecords(client.id)).toHaveLength(1);
    });

    it('records one access per client listed, naming the query', async () => {
      const first = await register({ name: 'Recordlist One', region: 'LIBEREC' }, admin);
      const second = await register({ name: 'Recordlist Two', region: 'LIBEREC' }, admin);
      const response = await app.gql(
        `{ clients(filter: { namePrefix: "recordlist" }) { edges { node { id name countryOfOrigin } } } }`,
        {},
        liberec,
      );
      expect(response.data?.clients.edges).toHaveLength(2);
      for (const id of [first.client.id, second.client.id]) {
        const records = await accessRecords(id);
        expect(records.at(-1)?.data).toMatchObject({
          fields: ['name', 'countryOfOrigin'],
          operation: 'query clients',
          accessedBy: 'coordinator-liberec',
        });
        expect(records.filter((record) => record.data.operation === 'query clients')).toHaveLength(1);
      }
    });

    it('given a search by name that selects no name, when it lists clients, then each listed client has a read of its name recorded', async () => {
      const matched = await register({ name: 'Namesearch Matched', region: 'LIBEREC' }, admin);
      const other = await register({ name: 'Othername Unmatched', region: 'LIBEREC' }, admin);
      const before = {
        matched: (await accessRecords(matched.client.id)).length,
        other: (await accessRecords(other.client.id)).length,
      };
      const response = await app.gql(
        `{ clients(filter: { namePrefix: "namesearch" }) { totalCount edges { node { id region } } } }`,
        {},
        liberec,
      );
      app.expectNoErrors(response);
      const listed = listOf<{ node: { id: string } }>(response.data?.clients.edges);
      expect(listed.map((edge) => edge.node.id)).toEqual([matched.client.id]);
      expect((await accessRecords(matched.client.id)).slice(before.matched).map((r) => r.data)).toEqual([
        expect.objectContaining({
          fields: ['name'],
          operation: 'query clients',
          accessedBy: 'coordinator-liberec',
        }),
      ]);
      expect(await accessRecords(other.client.id)).toHaveLength(before.other);
      // Without a name filter, a list of ids and regions reads no personal data.
      app.expectNoErrors(
        await app.gql(`{ clients(filter: { region: LIBEREC }) { totalCount } }`, {}, liberec),
      );
      expect(await accessRecords(matched.client.id)).toHaveLength(before.matched + 1);
    });

    it('given a search by name whose access records cannot be written, when asked, then no client is listed', async () => {
      await register({ name: 'Deniedsearch Person', region: 'LIBEREC' }, admin);
      const recorder = app.nest.get(AccessRecorder);
      jest.spyOn(recorder, 'record').mockRejectedValueOnce(
        new GraphQLError('The read could not be recorded, so it was denied', {
          extensions: { code: 'ACCESS.NOT_RECORDED' },
        }),
      );
      const response = await app.gql(
        `{ clients(filter: { namePrefix: "deniedsearch" }) { totalCount edges { node { id } } } }`,
        {},
        liberec,
      );
      expect(response.errors?.map((error) => error.extensions?.code)).toEqual(['ACCESS.NOT_RECORDED']);
      expect(response.data?.clients ?? null).toBeNull();
    });

    it('denies the read when the access record cannot be written', async () => {
      const { client } = await register({ name: 'Unrecorded Reader' });
      const recorder = app.nest.get(AccessRecorder);
      jest.spyOn(recorder, 'record').mockRejectedValue(
        new GraphQLError('The read could not be recorded, so it was denied', {
          extensions: { code: 'ACCESS.NOT_RECORDED' },
        }),
      );
      const response = await app.gql(CLIENT, { id: client.id }, prague);
      expect(response.errors?.map((error) => error.extensions?.code)).toContain('ACCESS.NOT_RECORDED');
      // Only the personal fields are denied: the rest of the client is no personal data.
      expect(response.data?.client).toMatchObject({ id: client.id, name: null, contact: null });
      expect(JSON.stringify(response)).not.toContain('Unrecorded');
      expect(JSON.stringify(response)).not.toContain('olena@example.org');
      expect(recorder.record).toHaveBeenCalledTimes(1);
    });
  });

  describe('consent and disclosure', () => {
    it('gives consent and lists it with every fact and its status now', async () => {
      const { client } = await register();
      const givenOn = daysAgo(2);
      const { consent, position } = await giveConsent(client.id, { givenOn, expiresOn: '2099-12-31' });
      expect(consent).toEqual({ id: expect.any(String), status: 'IN_FORCE' });
      expect(BigInt(position)).toBeGreaterThan(0n);
      const listed = await app.gql(CONSENTS, { clientId: client.id }, prague);
      expect(listed.data?.consents).toEqual([
        {
          id: consent.id,
          status: 'IN_FORCE',
          purposes: ['REFERRAL'],
          dataCategories: ['IDENTITY', 'CONTACT'],
          recipients: ['org-legal-aid'],
          lawfulBasis: 'CONSENT',
          givenOn,
          expiresOn: '2099-12-31',
          withdrawnOn: null,
          method: 'WRITTEN_FORM',
          evidenceRef: 'FORM-2025-017',
          noticeVersion: '2025-01',
          language: 'uk',
          interpreterUsed: true,
        },
      ]);
    });

    it('shows a consent past its expiry date as EXPIRED', async () => {
      const { client } = await register();
      await giveConsent(client.id, { givenOn: daysAgo(10), expiresOn: daysAgo(3).slice(0, 10) });
      const listed = await app.gql(CONSENTS, { clientId: client.id }, prague);
      expect(listOf<{ status: string }>(listed.data?.consents).map((consent) => consent.status)).toEqual([
        'EXPIRED',
      ]);
    });

    it('re-sent giveConsent returns the same consent and position and appends nothing', async () => {
      const { client } = await register();
      const input = consentInput(client.id, { commandId: 'consent-once-1' });
      const first = await app.gql(GIVE_CONSENT, { input }, prague);
      const head = await runtime.eventStore.headPosition();
      const again = await app.gql(GIVE_CONSENT, { input }, prague);
      app.expectNoErrors(again);
      expect(again.data).toEqual(first.data);
      expect(await runtime.eventStore.headPosition()).toBe(head);
      expect((await app.gql(CONSENTS, { clientId: client.id }, prague)).data?.consents).toHaveLength(1);
    });

    it('refuses a recipient that is not a party id (padded, or a name), naming the field and appending nothing', async () => {
      const { client } = await register();
      const head = await runtime.eventStore.headPosition();
      const padded = await app.gql(
        GIVE_CONSENT,
        { input: consentInput(client.id, { recipients: ['ASSIGNED_VOLUNTEER '] }) },
        prague,
      );
      expect(codeOf(padded)).toBe('BAD_USER_INPUT');
      expect(fieldsOf(padded)).toEqual(['recipients']);
      const named = await app.gql(
        DISCLOSE,
        {
          input: {
            clientId: client.id,
            recipient: 'Jana Nováková',
            purpose: 'REFERRAL',
            dataCategories: ['CONTACT'],
          },
        },
        prague,
      );
      expect(codeOf(named)).toBe('BAD_USER_INPUT');
      expect(fieldsOf(named)).toEqual(['recipient']);
      expect(JSON.stringify(named)).not.toContain('Jana');
      expect(await runtime.eventStore.headPosition()).toBe(head);
    });

    it('re-sent giveConsent with interpreterUsed null or false where it was omitted is the same consent, not a reused id', async () => {
      const { client } = await register();
      const { interpreterUsed: _omitted, ...input } = consentInput(client.id, {
        commandId: 'consent-null-1',
      });
      const first = await app.gql(GIVE_CONSENT, { input }, prague);
      app.expectNoErrors(first);
      const head = await runtime.eventStore.headPosition();
      for (const interpreterUsed of [null, false]) {
        const again = await app.gql(GIVE_CONSENT, { input: { ...input, interpreterUsed } }, prague);
        app.expectNoErrors(again);
        expect(again.data).toEqual(first.data);
      }
      const other = await app.gql(GIVE_CONSENT, { input: { ...input, interpreterUsed: true } }, prague);
      expect(codeOf(other)).toBe('COMMAND.ID_REUSED');
      expect(await runtime.eventStore.headPosition()).toBe(head);
      const [given] = (await runtime.eventStore.readStream(`client-${client.id}`)).filter(
        (event) => event.type === 'ConsentGiven',
      );
      expect(given?.data.interpreterUsed).toBe(false);
    });

    it('re-sent discloseInformation with another recipient is refused COMMAND.ID_REUSED and discloses nothing', async () => {
      const { client } = await register();
      await giveConsent(client.id, { recipients: ['org-wd', 'org-exp'] });
      const request = {
        commandId: 'disclosure-reused-1',
        clientId: client.id,
        recipient: 'org-wd',
        purpose: 'REFERRAL',
        dataCategories: ['CONTACT'],
      };
      const first = await app.gql(DISCLOSE, { input: request }, prague);
      expect(first.data?.discloseInformation).toMatchObject({ outcome: 'DISCLOSED' });
      const head = await runtime.eventStore.headPosition();

      const other = await app.gql(DISCLOSE, { input: { ...request, recipient: 'org-exp' } }, prague);

      expect(codeOf(other)).toBe('COMMAND.ID_REUSED');
      expect(other.errors?.[0]?.extensions?.field).toBe('commandId');
      expect(other.data?.discloseInformation ?? null).toBeNull();
      expect(await runtime.eventStore.headPosition()).toBe(head);
      const listed = await app.gql(DISCLOSURES, { clientId: client.id }, prague);
      expect(listOf<{ recipient: string }>(listed.data?.disclosures).map((d) => d.recipient)).toEqual([
        'org-wd',
      ]);

      // From outside the client's region the used key is no news: NOT_FOUND, as for a replay.
      const fromLiberec = await app.gql(DISCLOSE, { input: { ...request, recipient: 'org-exp' } }, liberec);
      expect(codeOf(fromLiberec)).toBe('NOT_FOUND');
      expect(await runtime.eventStore.headPosition()).toBe(head);
    });

    it('re-sent withdrawConsent without withdrawnOn is the same request, though the server filled in now', async () => {
      const { client } = await register();
      const { consent } = await giveConsent(client.id);
      const input = {
        commandId: 'withdraw-once-1',
        clientId: client.id,
        consentId: consent.id,
        method: 'VERBAL_WITNESSED',
      };
      const first = await app.gql(WITHDRAW_CONSENT, { input }, prague);
      app.expectNoErrors(first);
      const head = await runtime.eventStore.headPosition();
      await new Promise((resolve) => setTimeout(resolve, 5));

      const again = await app.gql(WITHDRAW_CONSENT, { input: { ...input, withdrawnOn: null } }, prague);

      app.expectNoErrors(again);
      expect(again.data).toEqual(first.data);
      expect(await runtime.eventStore.headPosition()).toBe(head);

      const otherTime = await app.gql(
        WITHDRAW_CONSENT,
        { input: { ...input, withdrawnOn: daysAgo(1) } },
        prague,
      );
      expect(codeOf(otherTime)).toBe('COMMAND.ID_REUSED');
      expect(await runtime.eventStore.headPosition()).toBe(head);
    });

    it('rejects a special category (HEALTH) on plain CONSENT and accepts it on EXPLICIT_CONSENT', async () => {
      const { client } = await register();
      const plain = await app.gql(
        GIVE_CONSENT,
        { input: consentInput(client.id, { dataCategories: ['HEALTH'], lawfulBasis: 'CONSENT' }) },
        prague,
      );
      expect(codeOf(plain)).toBe('CONSENT.EXPLICIT_CONSENT_REQUIRED');
      expect(plain.errors?.[0]?.extensions?.field).toBe('lawfulBasis');
      const explicit = await giveConsent(client.id, {
        dataCategories: ['HEALTH'],
        lawfulBasis: 'EXPLICIT_CONSENT',
      });
      expect(explicit.consent.status).toBe('IN_FORCE');
    });

    it('rejects invalid consent input naming the fields', async () => {
      const { client } = await register();
      const response = await app.gql(
        GIVE_CONSENT,
        {
          input: consentInput(client.id, {
            purposes: ['GOSSIP'],
            recipients: [],
            evidenceRef: '',
            language: 'ukr',
          }),
        },
        prague,
      );
      expect(codeOf(response)).toBe('BAD_USER_INPUT');
      const fields = (response.errors?.[0]?.extensions?.fields as { field: string }[]).map(
        (problem) => problem.field,
      );
      expect(fields).toEqual(expect.arrayContaining(['purposes', 'recipients', 'evidenceRef', 'language']));
    });

    it('discloses under consent, then after withdrawal refuses with CONSENT.NOT_IN_FORCE, and lists both', async () => {
      const { client } = await register();
      const { consent } = await giveConsent(client.id);
      const request = {
        clientId: client.id,
        recipient: 'org-legal-aid',
        purpose: 'REFERRAL',
        dataCategories: ['CONTACT'],
      };

      const allowed = await app.gql(DISCLOSE, { input: request }, prague);
      expect(allowed.data?.discloseInformation).toEqual({
        outcome: 'DISCLOSED',
        disclosureId: expect.any(String),
        refusalCode: null,
        position: expect.any(String),
      });

      const withdrawn = await app.gql(
        WITHDRAW_CONSENT,
        { input: { clientId: client.id, consentId: consent.id, method: 'VERBAL_WITNESSED' } },
        prague,
      );
      expect(withdrawn.data?.withdrawConsent.consent).toEqual({
        id: consent.id,
        status: 'WITHDRAWN',
        withdrawnOn: expect.any(String),
      });

      const refused = await app.gql(DISCLOSE, { input: request }, prague);
      app.expectNoErrors(refused);
      expect(refused.data?.discloseInformation).toMatchObject({
        outcome: 'REFUSED',
        refusalCode: 'CONSENT.NOT_IN_FORCE',
      });

      const listed = await app.gql(DISCLOSURES, { clientId: client.id }, prague);
      expect(listed.data?.disclosures).toEqual([
        {
          id: allowed.data?.discloseInformation.disclosureId,
          outcome: 'DISCLOSED',
          recipient: 'org-legal-aid',
          purpose: 'REFERRAL',
          dataCategories: ['CONTACT'],
          consentId: consent.id,
          legalObligation: null,
          refusalCode: null,
          at: expect.any(String),
          by: 'coordinator-prague',
        },
        {
          id: refused.data?.discloseInformation.disclosureId,
          outcome: 'REFUSED',
          recipient: 'org-legal-aid',
          purpose: 'REFERRAL',
          dataCategories: ['CONTACT'],
          consentId: null,
          legalObligation: null,
          refusalCode: 'CONSENT.NOT_IN_FORCE',
          at: expect.any(String),
          by: 'coordinator-prague',
        },
      ]);
      const consents = await app.gql(CONSENTS, { clientId: client.id }, prague);
      expect(consents.data?.consents[0]).toMatchObject({
        status: 'WITHDRAWN',
        withdrawnOn: expect.any(String),
      });
    });

    it('explains a refusal by the consent naming the recipient, not by an unrelated one', async () => {
      const { client } = await register();
      const { consent: toWithdraw } = await giveConsent(client.id, { recipients: ['org-wd'] });
      await app.gql(
        WITHDRAW_CONSENT,
        { input: { clientId: client.id, consentId: toWithdraw.id, method: 'VERBAL_WITNESSED' } },
        prague,
      );
      const { consent: expired } = await giveConsent(client.id, {
        recipients: ['org-exp'],
        givenOn: daysAgo(10),
        expiresOn: daysAgo(3).slice(0, 10),
      });
      const coverageOf = async (recipient: string) => {
        const response = await app.gql(
          DISCLOSE,
          { input: { clientId: client.id, recipient, purpose: 'REFERRAL', dataCategories: ['CONTACT'] } },
          prague,
        );
        expect(response.data?.discloseInformation).toMatchObject({
          outcome: 'REFUSED',
          refusalCode: 'CONSENT.NOT_IN_FORCE',
        });
        const events = await runtime.eventStore.readStream(`client-${client.id}`);
        const refusal = events.find(
          (event) =>
            event.type === 'DisclosureRefused' &&
            (event.data as { disclosureId: string }).disclosureId ===
              response.data?.discloseInformation.disclosureId,
        );
        return (refusal?.data as { coverageCode: string }).coverageCode;
      };
      expect(await coverageOf('org-wd')).toBe('CONSENT.WITHDRAWN');
      expect(await coverageOf('org-exp')).toBe('CONSENT.EXPIRED');
      expect(await coverageOf('nobody')).toBe('CONSENT.RECIPIENT_NOT_COVERED');
      expect(expired.status).toBe('EXPIRED');
    });

    it('discloses under a cited legal obligation without any consent', async () => {
      const { client } = await register();
      const response = await app.gql(
        DISCLOSE,
        {
          input: {
            clientId: client.id,
            recipient: 'police-prague',
            purpose: 'PROGRAM_COORDINATION',
            dataCategories: ['IDENTITY'],
            legalObligation: 'Act 326/1999 Sb. § 102',
          },
        },
        prague,
      );
      expect(response.data?.discloseInformation).toMatchObject({ outcome: 'DISCLOSED', refusalCode: null });
      const listed = await app.gql(DISCLOSURES, { clientId: client.id }, prague);
      expect(listed.data?.disclosures).toEqual([
        expect.objectContaining({
          outcome: 'DISCLOSED',
          consentId: null,
          legalObligation: 'Act 326/1999 Sb. § 102',
        }),
      ]);
    });

    it('refuses a disclosure for an unknown purpose as invalid input naming the field', async () => {
      const { client } = await register();
      const response = await app.gql(
        DISCLOSE,
        { input: { clientId: client.id, recipient: 'x', purpose: 'MARKETING', dataCategories: ['CONTACT'] } },
        prague,
      );
      expect(codeOf(response)).toBe('BAD_USER_INPUT');
      expect(response.errors?.[0]?.extensions?.fields).toEqual([
        expect.objectContaining({ field: 'purpose' }),
      ]);
    });

    it('withdrawing an unknown consent is rejected with its code', async () => {
      const { client } = await register();
      const response = await app.gql(
        WITHDRAW_CONSENT,
        { input: { clientId: client.id, consentId: 'no-such-consent', method: 'ELECTRONIC' } },
        prague,
      );
      expect(codeOf(response)).toBe('CONSENT.NOT_FOUND');
    });
  });

  describe('contact, departure and erasure', () => {
    it('updates the contact and the payload reads it back', async () => {
      const { client } = await register();
      const response = await app.gql(
        `mutation($input: UpdateClientContactInput!) {
          updateClientContact(input: $input) { client { id contact { email phone address } } position }
        }`,
        { input: { clientId: client.id, email: 'new@example.org', address: 'Praha 3' } },
        prague,
      );
      expect(response.data?.updateClientContact.client.contact).toEqual({
        email: 'new@example.org',
        phone: null,
        address: 'Praha 3',
      });
      expect((await accessRecords(client.id)).at(-1)?.data).toMatchObject({
        fields: ['contact'],
        operation: 'mutation updateClientContact',
      });
    });

    it('records a departure; consent can no longer be given afterwards', async () => {
      const { client } = await register();
      const response = await app.gql(
        `mutation($input: RecordClientDepartureInput!) { recordClientDeparture(input: $input) { client { id status } position } }`,
        { input: { clientId: client.id, reasonCode: 'MOVED_AWAY' } },
        prague,
      );
      expect(response.data?.recordClientDeparture.client).toEqual({ id: client.id, status: 'DEPARTED' });
      const listed = await app.gql(
        `{ clients(filter: { status: DEPARTED }) { edges { node { id } } } }`,
        {},
        prague,
      );
      expect(pageOf(listed.data).edges.map((edge) => edge.node.id)).toContain(client.id);
      const consent = await app.gql(GIVE_CONSENT, { input: consentInput(client.id) }, prague);
      expect(codeOf(consent)).toBe('CLIENT.DEPARTED');
    });

    it('rejects a departure dated before the registration, appending nothing', async () => {
      const { client } = await register();
      const before = await runtime.eventStore.readStream(`client-${client.id}`);
      const response = await app.gql(
        `mutation($input: RecordClientDepartureInput!) { recordClientDeparture(input: $input) { position } }`,
        { input: { clientId: client.id, reasonCode: 'MOVED_AWAY', leftOn: '1800-01-01' } },
        prague,
      );
      expect(response.errors?.[0]?.extensions).toEqual({ code: 'VALIDATION.INVALID_RANGE', field: 'leftOn' });
      expect(await runtime.eventStore.readStream(`client-${client.id}`)).toHaveLength(before.length);
    });

    it('rejects a reason code over 64 characters, for a departure and an erasure alike, appending nothing', async () => {
      const { client } = await register();
      const head = await runtime.eventStore.headPosition();
      const tooLong = `MOVED_${'A'.repeat(59)}`;
      const departure = await app.gql(
        `mutation($input: RecordClientDepartureInput!) { recordClientDeparture(input: $input) { position } }`,
        { input: { clientId: client.id, reasonCode: tooLong } },
        prague,
      );
      const erasure = await app.gql(
        `mutation($input: EraseClientPersonalDataInput!) { eraseClientPersonalData(input: $input) { position } }`,
        { input: { clientId: client.id, reasonCode: tooLong } },
        admin,
      );
      for (const response of [departure, erasure]) {
        expect(codeOf(response)).toBe('BAD_USER_INPUT');
        expect(response.errors?.[0]?.extensions?.fields).toEqual([
          expect.objectContaining({ field: 'reasonCode' }),
        ]);
      }
      expect(await runtime.eventStore.headPosition()).toBe(head);
    });

    it('lets only an admin erase; then personal data reads as erased while ids and consents remain', async () => {
      const { client } = await register({ name: 'Erasable Person' });
      const { consent } = await giveConsent(client.id);
      const erase = `mutation($input: EraseClientPersonalDataInput!) {
        eraseClientPersonalData(input: $input) { client { id name erased contact { email } } position }
      }`;
      expect(codeOf(await app.gql(erase, { input: { clientId: client.id } }, prague))).toBe('FORBIDDEN');

      const erased = await app.gql(erase, { input: { clientId: client.id } }, admin);
      expect(erased.data?.eraseClientPersonalData.client).toEqual({
        id: client.id,
        name: '[erased]',
        erased: true,
        contact: null,
      });
      const recordsBeforeRead = (await accessRecords(client.id)).length;
      const read = await app.gql(CLIENT, { id: client.id }, prague);
      expect(read.data?.client).toMatchObject({
        id: client.id,
        name: '[erased]',
        contact: null,
        dateOfBirth: null,
        countryOfOrigin: null,
        erased: true,
      });
      expect(JSON.stringify(read)).not.toContain('Erasable');
      // No personal data is left to read, so the read is not recorded as one.
      expect(await accessRecords(client.id)).toHaveLength(recordsBeforeRead);
      const byName = await app.gql(
        `{ clients(filter: { namePrefix: "erasable" }) { totalCount } }`,
        {},
        prague,
      );
      expect(byName.data?.clients.totalCount).toBe(0);
      const consents = await app.gql(CONSENTS, { clientId: client.id }, prague);
      expect(listOf<{ id: string }>(consents.data?.consents).map((listed) => listed.id)).toEqual([
        consent.id,
      ]);
      const events = await runtime.eventStore.readStream(`client-${client.id}`);
      expect(events[0]?.data.name).toBe('[erased]');
      // Nor is it left on disk: not in the read models' files or their logs (earlier versions of documents),
      // not in the events (sealed), not in the subject keys' files.
      expect(filesHolding(app.dataDir, ['Erasable Person', 'erasable person'])).toEqual([]);
      const update = await app.gql(
        `mutation($input: UpdateClientContactInput!) { updateClientContact(input: $input) { position } }`,
        { input: { clientId: client.id, email: 'again@example.org' } },
        prague,
      );
      expect(codeOf(update)).toBe('CLIENT.ERASED');
    });
  });

  it('never writes personal data to the logs', () => {
    const logs = app.logLines.join('\n');
    for (const personal of ['Olena', 'olena@example.org', '777 000 111', '1990-05-01', 'Praha 3']) {
      expect(logs).not.toContain(personal);
    }
  });

  describe('regions and roles', () => {
    it('hides a client of another region as NOT_FOUND and leaves it out of lists', async () => {
      const { client } = await register({ name: 'Prague Only' });
      expect(codeOf(await app.gql(CLIENT, { id: client.id }, liberec))).toBe('NOT_FOUND');
      expect(codeOf(await app.gql(CONSENTS, { clientId: client.id }, liberec))).toBe('NOT_FOUND');
      expect(codeOf(await app.gql(DISCLOSURES, { clientId: client.id }, liberec))).toBe('NOT_FOUND');
      expect(codeOf(await app.gql(GIVE_CONSENT, { input: consentInput(client.id) }, liberec))).toBe(
        'NOT_FOUND',
      );
      const listed = await app.gql(`{ clients(first: 100) { edges { node { id region } } } }`, {}, liberec);
      const regions = pageOf(listed.data).edges.map((edge) => edge.node.region);
      expect(regions).not.toContain('PRAGUE');
      const asked = await app.gql(
        `{ clients(filter: { region: PRAGUE }) { totalCount edges { node { id } } } }`,
        {},
        liberec,
      );
      expect(asked.data?.clients).toEqual({ totalCount: 0, edges: [] });
      expect(codeOf(await app.gql(CLIENT, { id: '00000000-0000-4000-8000-000000000000' }, prague))).toBe(
        'NOT_FOUND',
      );
    });

    it('answers NOT_FOUND to a re-send from outside the region, never the earlier outcome', async () => {
      const { client } = await register({ name: 'Prague Disclosure' });
      await giveConsent(client.id);
      const input = {
        commandId: 'disclosure-resent-from-liberec',
        clientId: client.id,
        recipient: 'org-legal-aid',
        purpose: 'REFERRAL',
        dataCategories: ['CONTACT'],
      };
      const first = await app.gql(DISCLOSE, { input }, prague);
      expect(first.data?.discloseInformation).toMatchObject({ outcome: 'DISCLOSED' });
      const head = await runtime.eventStore.headPosition();

      const resent = await app.gql(DISCLOSE, { input }, liberec);

      expect(codeOf(resent)).toBe('NOT_FOUND');
      expect(resent.data?.discloseInformation ?? null).toBeNull();
      await expect(runtime.eventStore.headPosition()).resolves.toBe(head);
    });

    it('answers NOT_FOUND to a command on a client that was never registered, appending nothing', async () => {
      const head = await runtime.eventStore.headPosition();
      const unknown = '00000000-0000-4000-8000-00000000abcd';
      expect(codeOf(await app.gql(GIVE_CONSENT, { input: consentInput(unknown) }, prague))).toBe('NOT_FOUND');
      expect(
        codeOf(
          await app.gql(
            DISCLOSE,
            {
              input: {
                clientId: unknown,
                recipient: 'org-legal-aid',
                purpose: 'REFERRAL',
                dataCategories: ['CONTACT'],
              },
            },
            admin,
          ),
        ),
      ).toBe('NOT_FOUND');
      await expect(runtime.eventStore.headPosition()).resolves.toBe(head);
    });

    it('filters and pages clients by language, need and name prefix', async () => {
      const coordinator = await app.token('COORDINATOR', ['CENTRAL_BOHEMIA'], 'coordinator-cb');
      await register(
        { name: 'Farida A.', languages: ['ar'], needs: ['ORIENTATION'], region: 'CENTRAL_BOHEMIA' },
        coordinator,
      );
      await register(
        { name: 'Fatima B.', languages: ['ar', 'fr'], needs: ['CZECH_PRACTICE'], region: 'CENTRAL_BOHEMIA' },
        coordinator,
      );
      await register(
        { name: 'Ivan C.', languages: ['ru'], needs: ['ORIENTATION'], region: 'CENTRAL_BOHEMIA' },
        coordinator,
      );
      const names = async (filter: string, first = 10, after: string | null = null) => {
        const response = await app.gql(
          `query($after: String) { clients(filter: ${filter}, first: ${first}, after: $after) {
            totalCount pageInfo { hasNextPage endCursor } edges { node { name } } } }`,
          { after },
          coordinator,
        );
        app.expectNoErrors(response);
        return pageOf(response.data);
      };
      expect(namesOf(await names('{ language: "ar" }'))).toEqual(['Farida A.', 'Fatima B.']);
      expect(namesOf(await names('{ need: ORIENTATION }'))).toEqual(['Farida A.', 'Ivan C.']);
      expect(namesOf(await names('{ namePrefix: "fat" }'))).toEqual(['Fatima B.']);
      const page1 = await names('{ region: CENTRAL_BOHEMIA }', 2);
      expect(page1).toMatchObject({ totalCount: 3, pageInfo: { hasNextPage: true } });
      const page2 = await names('{ region: CENTRAL_BOHEMIA }', 2, page1.pageInfo.endCursor);
      expect(namesOf(page2)).toEqual(['Ivan C.']);
      const tooMany = await app.gql(`{ clients(first: 1000) { totalCount } }`, {}, coordinator);
      expect(codeOf(tooMany)).toBe('BAD_USER_INPUT');
    });

    it('shows an auditor pseudonyms, consents and disclosures, records nothing and allows no mutation', async () => {
      const { client } = await register({ name: 'Audited Person' });
      const { consent } = await giveConsent(client.id);
      await app.gql(
        DISCLOSE,
        {
          input: {
            clientId: client.id,
            recipient: 'org-legal-aid',
            purpose: 'REFERRAL',
            dataCategories: ['CONTACT'],
          },
        },
        prague,
      );
      const recordsBefore = (await accessRecords(client.id)).length;

      const read = await app.gql(CLIENT, { id: client.id }, auditor);
      expect(read.data?.client).toMatchObject({
        id: client.id,
        name: `Client ${client.id.slice(0, 8)}`,
        contact: null,
        dateOfBirth: null,
        countryOfOrigin: null,
        region: 'PRAGUE',
      });
      expect(JSON.stringify(read)).not.toContain('Audited');
      const listed = await app.gql(`{ clients(first: 100) { edges { node { id name } } } }`, {}, auditor);
      expect(JSON.stringify(listed)).not.toContain('Audited');
      expect((await app.gql(CONSENTS, { clientId: client.id }, auditor)).data?.consents[0].id).toBe(
        consent.id,
      );
      expect((await app.gql(DISCLOSURES, { clientId: client.id }, auditor)).data?.disclosures).toHaveLength(
        1,
      );
      expect(await accessRecords(client.id)).toHaveLength(recordsBefore);

      const byName = await app.gql(`{ clients(filter: { namePrefix: "aud" }) { totalCount } }`, {}, auditor);
      expect(codeOf(byName)).toBe('FORBIDDEN');
      expect(codeOf(await app.gql(REGISTER, { input: clientInput() }, auditor))).toBe('FORBIDDEN');
      expect(codeOf(await app.gql(GIVE_CONSENT, { input: consentInput(client.id) }, auditor))).toBe(
        'FORBIDDEN',
      );
      expect(
        codeOf(
          await app.gql(
            DISCLOSE,
            {
              input: {
                clientId: client.id,
                recipient: 'x',
                purpose: 'REFERRAL',
                dataCategories: ['CONTACT'],
              },
            },
            auditor,
          ),
        ),
      ).toBe('FORBIDDEN');
      expect(
        codeOf(
          await app.gql(
            WITHDRAW_CONSENT,
            { input: { clientId: client.id, consentId: consent.id, method: 'ELECTRONIC' } },
            auditor,
          ),
        ),
      ).toBe('FORBIDDEN');
    });
  });
});
