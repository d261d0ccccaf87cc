import { newId } from '@app/platform';
import type { JsonObject, Projection } from '@app/read-models';
import { certificatesProjection } from '@app/read-models/certificates';
import { matchesProjection } from '@app/read-models/matching';
import { programSessionsProjection } from '@app/read-models/program';
import { REMINDERS_COLLECTION } from '../../worker/src/reminders/reminder-sweep';
import type { Runtime } from '../../worker/src/runtime/runtime';
import { RUNTIME } from '../src/platform/tokens';
import { startTestApp, type GraphQLResponse, type TestApp } from './support/test-app';

const PAGE = 'totalCount pageInfo { hasNextPage endCursor }';

/** Every connection of the API, each asked for its nodes' ids only. */
const LISTS = {
  clients: `query ($first: Int, $after: String) {
    clients(first: $first, after: $after) { ${PAGE} edges { node { id } } } }`,
  volunteers: `query ($first: Int, $after: String) {
    volunteers(first: $first, after: $after) { ${PAGE} edges { node { id } } } }`,
  matches: `query ($first: Int, $after: String) {
    matches(first: $first, after: $after) { ${PAGE} edges { node { id } } } }`,
  programSessions: `query ($first: Int, $after: String) {
    programSessions(first: $first, after: $after) { ${PAGE} edges { node { id } } } }`,
  reminders: `query ($first: Int, $after: String) {
    reminders(region: PRAGUE, first: $first, after: $after) { ${PAGE} edges { node { id } } } }`,
  certificates: `query ($first: Int, $after: String, $volunteerId: ID!) {
    certificates(volunteerId: $volunteerId, first: $first, after: $after) { ${PAGE} edges { node { id: number } } } }`,
} as const;
type ListName = keyof typeof LISTS;
const LIST_NAMES = Object.keys(LISTS) as ListName[];

interface Connection {
  readonly totalCount: number;
  readonly pageInfo: { readonly hasNextPage: boolean; readonly endCursor: string | null };
  readonly edges: { readonly node: { readonly id: string } }[];
}

interface RelayConnection {
  readonly pageInfo: {
    readonly hasNextPage: boolean;
    readonly hasPreviousPage: boolean;
    readonly startCursor: string | null;
    readonly endCursor: string | null;
  };
  readonly edges: { readonly cursor: string; readonly node: { readonly id: string } }[];
}

const REGISTER_CLIENT = `mutation ($input: RegisterClientInput!) { registerClient(input: $input) { client { id } } }`;
const REGISTER_VOLUNTEER = `mutation ($input: RegisterVolunteerInput!) {
  registerVolunteer(input: $input) { volunteer { id } } }`;

const VOLUNTEER_NAME = 'Radomíra Šťastná-Cursorová';
const CLIENT_NAME = 'Oleksandra Cursorenko';

describe('list cursors over GraphQL', () => {
  let app: TestApp;
  let admin: string;
  let volunteerId: string;
  const ids: Record<ListName, string[]> = {
    clients: [],
    volunteers: [],
    matches: [],
    programSessions: [],
    reminders: [],
    certificates: [],
  };

  const list = async (name: ListName, variables: Record<string, unknown>): Promise<GraphQLResponse> =>
    app.gql(LISTS[name], { volunteerId, ...variables }, admin);

  const page = async (name: ListName, variables: Record<string, unknown>): Promise<Connection> => {
    const response = await list(name, variables);
    app.expectNoErrors(response);
    return response.data![name] as Connection;
  };

  const cursorOf = async (name: ListName): Promise<string> => {
    const cursor = (await page(name, { first: 1 })).pageInfo.endCursor;
    if (cursor === null) throw new Error(`${name} has no cursor`);
    return cursor;
  };

  const expectNotACursor = (response: GraphQLResponse): void => {
    expect(response.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(response.errors?.[0]?.message).toBe('after: is not a cursor of this list');
    expect(response.errors?.[0]?.extensions?.fields).toEqual([
      { field: 'after', message: 'is not a cursor of this list' },
    ]);
  };

  /** Documents written straight into a read model: these tests are about paging, not about projecting. */
  async function seed(
    runtime: Runtime,
    projection: Pick<Projection, 'name' | 'fields'>,
    documents: [string, JsonObject][],
  ): Promise<void> {
    const collection = await runtime.collection(projection.name);
    await runtime.documents.ensureCollection({ name: collection, fields: projection.fields });
    for (const [id, data] of documents) await runtime.documents.upsert(collection, id, data, 1n);
  }

  beforeAll(async () => {
    app = await startTestApp();
    admin = await app.token('ADMIN');
    const runtime = app.nest.get<Runtime>(RUNTIME);

    for (let index = 0; index < 5; index += 1) {
      const response = await app.gql(
        REGISTER_CLIENT,
        {
          input: {
            name: `${CLIENT_NAME} ${index}`,
            email: `client-${index}@example.org`,
            phone: '+420 777 000 111',
            dateOfBirth: '1990-05-01',
            countryOfOrigin: 'UA',
            languages: ['uk'],
            region: 'PRAGUE',
            needs: ['CZECH_PRACTICE'],
          },
        },
        admin,
      );
      app.expectNoErrors(response);
      ids.clients.push(response.data!.registerClient.client.id);
    }
    for (let index = 0; index < 5; index += 1) {
      const response = await app.gql(
        REGISTER_VOLUNTEER,
        {
          input: {
            name: `${VOLUNTEER_NAME} ${index}`,
            email: `volunteer-${index}@example.org`,
            phone: '+420 600 000 000',
            dateOfBirth: '1990-02-03',
            languages: ['cs'],
            regions: ['PRAGUE'],
            availability: [{ day: 'TUESDAY', part: 'AFTERNOON' }],
            interests: ['CZECH_PRACTICE'],
          },
        },
        admin,
      );
      app.expectNoErrors(response);
      ids.volunteers.push(response.data!.registerVolunteer.volunteer.id);
    }
    volunteerId = ids.volunteers[0]!;

    // Two items share each sort value so that pages also break ties by id.
    const day = (index: number) => `2025-0${1 + Math.floor(index / 2)}-15`;
    ids.matches = [0, 1, 2, 3, 4].map(() => newId());
    await seed(
      runtime,
      matchesProjection,
      ids.matches.map((matchId, index) => [
        matchId,
        {
          matchId,
          volunteerId,
          clientId: ids.clients[index]!,
          status: 'PROPOSED',
          rationale: [],
          proposedBy: 'coordinator-1',
          proposedAt: `${day(index)}T10:00:00.000Z`,
          acceptedOn: null,
          acceptedAt: null,
          declinedAt: null,
          declinedBy: null,
          endedOn: null,
          endedAt: null,
          closingReasonCode: null,
          pausedAt: null,
          meetings: [],
          approvedHours: 0,
          approvedHoursByMonth: [],
          lastMeetingOn: null,
          contactDisclosure: null,
        },
      ]),
    );
    ids.programSessions = [0, 1, 2, 3, 4].map(() => newId());
    await seed(
      runtime,
      programSessionsProjection,
      ids.programSessions.map((sessionId, index) => [
        sessionId,
        {
          sessionId,
          kind: 'GROUP_MEETING',
          date: day(index),
          region: 'PRAGUE',
          facilitator: 'coordinator-1',
          attendees: [volunteerId],
          attendeeCount: 1,
          recordedAt: `${day(index)}T18:00:00.000Z`,
        },
      ]),
    );
    ids.certificates = [0, 1, 2, 3, 4].map((index) => `PRV-2025-9000${index}`);
    await seed(
      runtime,
      certificatesProjection,
      ids.certificates.map((certificateNo, index) => [
        certificateNo,
        {
          certificateNo,
          volunteerId,
          verificationCode: 'ABCDE-FGHIJ',
          policyVersion: '2025-1',
          serviceFrom: '2024-01-01',
          serviceTo: day(index),
          approvedHours: 40,
          activities: ['CZECH_PRACTICE'],
          issuedOn: day(index),
          status: 'VALID',
          revokedAt: null,
          revocationReasonCode: null,
        },
      ]),
    );
    // The sweep at start replaces the reminders of earlier sweeps; these claim a sweep it can never follow.
    ids.reminders = [0, 1, 2, 3, 4].map(() => `NO_MEETING:${newId()}`);
    await runtime.documents.ensureCollection(REMINDERS_COLLECTION);
    for (const [index, id] of ids.reminders.entries()) {
      await runtime.documents.upsert(
        REMINDERS_COLLECTION.name,
        id,
        {
          id,
          code: 'NO_MEETING_30_DAYS',
          subjectType: 'MATCH',
          subjectId: ids.matches[index]!,
          relatedId: null,
          dueOn: day(index),
          regions: ['PRAGUE'],
          sweep: Number.MAX_SAFE_INTEGER,
        },
        2n ** 62n,
      );
    }
  });

  afterAll(async () => {
    await app.close();
  });

  it.each(LIST_NAMES)('%s refuses a malformed cursor as BAD_USER_INPUT naming after', async (name) => {
    const logged = app.logLines.length;
    for (const after of ['garbage', '', 'W10', 'bnVsbA', 'zz', 'x'.repeat(450)]) {
      expectNotACursor(await list(name, { after }));
    }
    expect(app.logLines.slice(logged).join('\n')).not.toContain('INVALID_CURSOR');
  });

  it.each(LIST_NAMES)("%s refuses every other list's cursor", async (name) => {
    for (const other of LIST_NAMES.filter((candidate) => candidate !== name)) {
      expectNotACursor(await list(name, { first: 1, after: await cursorOf(other) }));
    }
  });

  it('refuses a cursor of the same list asked with other arguments', async () => {
    const query = `query ($filter: ClientFilter, $after: String) {
      clients(filter: $filter, first: 1, after: $after) { ${PAGE} edges { node { id } } } }`;
    const first = await app.gql(query, { filter: { region: 'PRAGUE' } }, admin);
    const after = first.data!.clients.pageInfo.endCursor as string;
    expectNotACursor(await app.gql(query, { filter: { status: 'REGISTERED' }, after }, admin));
    // The same arguments spelled differently ask for the same list.
    const again = await app.gql(query, { filter: { region: 'PRAGUE', status: null }, after }, admin);
    app.expectNoErrors(again);
  });

  it('hands out cursors that carry no personal data and differ each time', async () => {
    const first = await page('volunteers', { first: 1 });
    const cursor = first.pageInfo.endCursor as string;
    const again = (await page('volunteers', { first: 1 })).pageInfo.endCursor as string;
    expect(again).not.toBe(cursor);
    for (const decoded of [Buffer.from(cursor, 'base64url'), Buffer.from(cursor, 'base64')]) {
      expect(decoded.toString('utf8')).not.toContain(VOLUNTEER_NAME);
      expect(decoded.toString('latin1')).not.toContain('Radom');
      expect(decoded.toString('utf8')).not.toContain(first.edges[0]!.node.id);
    }
    expect(cursor.length).toBeLessThan(200);
    for (const name of LIST_NAMES) {
      const decoded = Buffer.from(await cursorOf(name), 'base64url').toString('latin1');
      expect(decoded).not.toMatch(/\d{4}-\d{2}-\d{2}|Cursor/);
    }
  });

  it.each(LIST_NAMES)(
    "%s gives each edge a cursor that reads on after that edge, and Relay's page information",
    async (name) => {
      const relayQuery = LISTS[name]
        .replace(PAGE, `totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor }`)
        .replace('edges { node {', 'edges { cursor node {');
      const read = async (variables: Record<string, unknown>): Promise<RelayConnection> => {
        const response = await app.gql(relayQuery, { volunteerId, ...variables }, admin);
        app.expectNoErrors(response);
        return response.data![name] as RelayConnection;
      };
      const whole = (await read({ first: 100 })).edges.map((edge) => edge.node.id);
      const firstPage = await read({ first: 3 });
      expect(firstPage.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
      for (const [index, edge] of firstPage.edges.entries()) {
        const rest = await read({ first: 100, after: edge.cursor });
        expect(rest.edges.map((later) => later.node.id)).toEqual(whole.slice(index + 1));
        expect(rest.pageInfo.hasPreviousPage).toBe(true);
      }
      const fromStart = await read({ first: 100, after: firstPage.pageInfo.startCursor });
      expect(fromStart.edges.map((later) => later.node.id)).toEqual(whole.slice(1));
      expect(fromStart.pageInfo).toMatchObject({ hasNextPage: false });
      expect(fromStart.pageInfo.endCursor).not.toBeNull();

      const beyond = await read({ first: 1, after: fromStart.pageInfo.endCursor });
      expect(beyond).toMatchObject({
        edges: [],
        pageInfo: { hasNextPage: false, hasPreviousPage: true, startCursor: null, endCursor: null },
      });
    },
  );

  it.each(LIST_NAMES)('%s pages through the whole list, every id once', async (name) => {
    const seen: string[] = [];
    let after: string | null = null;
    let totalCount = -1;
    for (let pages = 0; pages < 100; pages += 1) {
      const current: Connection = await page(name, { first: 2, after });
      totalCount = current.totalCount;
      seen.push(...current.edges.map((edge) => edge.node.id));
      if (!current.pageInfo.hasNextPage) break;
      after = current.pageInfo.endCursor;
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toHaveLength(totalCount);
    expect(seen).toEqual(expect.arrayContaining(ids[name]));
  });
});
