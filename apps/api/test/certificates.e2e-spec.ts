import { dateOf } from '@app/domain';
import { newId } from '@app/platform';
import type { Runtime } from '../../worker/src/runtime/runtime';
import { seedEligibleVolunteer } from '../../worker/src/certificates/testing/certificate-fixtures';
import { RUNTIME } from '../src/platform/tokens';
import { startTestApp, type TestApp } from './support/test-app';

const CERTIFICATES = `query($volunteerId: ID!) {
  certificates(volunteerId: $volunteerId) {
    totalCount
    edges { node { number volunteerId verificationCode policyVersion serviceFrom serviceTo approvedHours activities issuedOn status revokedAt revocationReasonCode downloadPath } }
  }
}`;
const VERIFY = `query($number: String!, $code: String!) {
  verifyCertificate(number: $number, code: $code) { valid status holderName serviceFrom serviceTo }
}`;
const REVOKE = `mutation($input: RevokeCertificateInput!) {
  revokeCertificate(input: $input) { position certificate { number status revocationReasonCode } }
}`;

const REMINDERS = `query($region: Region!) {
  reminders(region: $region) { totalCount edges { node { id code subjectType subjectId relatedId dueOn } } }
}`;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('certificates over GraphQL (embedded default)', () => {
  let app: TestApp;
  let admin: string;
  const volunteerId = newId();
  const ineligibleId = newId();
  const today = dateOf(new Date().toISOString());
  let certificate: { number: string; verificationCode: string; serviceFrom: string; serviceTo: string };

  beforeAll(async () => {
    app = await startTestApp();
    admin = await app.token('ADMIN');
    const runtime = app.nest.get<Runtime>(RUNTIME);
    await seedEligibleVolunteer(runtime.eventStore, volunteerId, { today });
    await seedEligibleVolunteer(runtime.eventStore, ineligibleId, { today, supervisions: 1 });
    // The reactor asks for evaluations on the seeded events; the in-process worker issues.
    const deadline = Date.now() + 20_000;
    for (;;) {
      const response = await app.gql(CERTIFICATES, { volunteerId }, admin);
      const node = response.data?.certificates?.edges?.[0]?.node;
      if (node !== undefined) {
        certificate = node;
        break;
      }
      if (Date.now() > deadline) throw new Error('no certificate was issued in time');
      await sleep(100);
    }
  });

  afterAll(async () => {
    await app.close();
  });

  it('issues the certificate of an eligible volunteer, numbered, with period, hours and activities', async () => {
    const response = await app.gql(CERTIFICATES, { volunteerId }, admin);
    app.expectNoErrors(response);
    expect(response.data?.certificates.totalCount).toBe(1);
    const node = response.data?.certificates.edges[0].node;
    expect(node).toMatchObject({
      number: `PRV-${today.slice(0, 4)}-00001`,
      volunteerId,
      policyVersion: '2025-1',
      serviceTo: today,
      approvedHours: 40,
      activities: ['CZECH_PRACTICE'],
      issuedOn: today,
      status: 'VALID',
      revokedAt: null,
      downloadPath: `/certificates/PRV-${today.slice(0, 4)}-00001.pdf`,
    });
    expect(node.verificationCode).toMatch(/^[0-9A-Z]{5}-[0-9A-Z]{5}$/);
  });

  it('issues nothing to a volunteer a supervision short', async () => {
    const response = await app.gql(CERTIFICATES, { volunteerId: ineligibleId }, admin);
    expect(response.data?.certificates).toEqual({ totalCount: 0, edges: [] });
  });

  it("lets a coordinator of the holder's region read certificates; another region gets NOT_FOUND, an auditor FORBIDDEN", async () => {
    const prague = await app.gql(CERTIFICATES, { volunteerId }, await app.token('COORDINATOR', ['PRAGUE']));
    expect(prague.data?.certificates.totalCount).toBe(1);
    const liberec = await app.gql(CERTIFICATES, { volunteerId }, await app.token('COORDINATOR', ['LIBEREC']));
    expect(liberec.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const auditor = await app.gql(CERTIFICATES, { volunteerId }, await app.token('AUDITOR'));
    expect(auditor.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const anonymous = await app.gql(CERTIFICATES, { volunteerId });
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('rejects an invalid volunteer id naming the field', async () => {
    const response = await app.gql(CERTIFICATES, { volunteerId: 'not-a-uuid' }, admin);
    expect(response.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(JSON.stringify(response.errors?.[0]?.extensions)).toContain('volunteerId');
  });

  it('verifies without signing in: validity, holder name and period only; a wrong code reads as not found', async () => {
    const response = await app.gql(VERIFY, {
      number: certificate.number,
      code: certificate.verificationCode,
    });
    app.expectNoErrors(response);
    expect(response.data?.verifyCertificate).toEqual({
      valid: true,
      status: 'VALID',
      holderName: 'Řehoř Žlutý',
      serviceFrom: certificate.serviceFrom,
      serviceTo: certificate.serviceTo,
    });
    const wrong = await app.gql(VERIFY, { number: certificate.number, code: 'WRONG-CODE0' });
    expect(wrong.data?.verifyCertificate).toEqual({
      valid: false,
      status: 'NOT_FOUND',
      holderName: null,
      serviceFrom: null,
      serviceTo: null,
    });
  });

  it('serves the PDF to entitled users only', async () => {
    const url = `${app.url}/certificates/${certificate.number}.pdf`;
    const ok = await fetch(url, { headers: { authorization: `Bearer ${admin}` } });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toContain('application/pdf');
    expect(
      Buffer.from(await ok.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
    const prague = await fetch(url, {
      headers: { authorization: `Bearer ${await app.token('COORDINATOR', ['PRAGUE'])}` },
    });
    expect(prague.status).toBe(200);
    expect((await fetch(url)).status).toBe(401);
    const liberec = await fetch(url, {
      headers: { authorization: `Bearer ${await app.token('COORDINATOR', ['LIBEREC'])}` },
    });
    expect(liberec.status).toBe(404);
    const auditor = await fetch(url, { headers: { authorization: `Bearer ${await app.token('AUDITOR')}` } });
    expect(auditor.status).toBe(403);
    const unknown = await fetch(`${app.url}/certificates/PRV-1999-00001.pdf`, {
      headers: { authorization: `Bearer ${admin}` },
    });
    expect(unknown.status).toBe(404);
  });

  it('revokes for ADMIN only, idempotently; a revoked certificate verifies as revoked', async () => {
    const coordinator = await app.gql(
      REVOKE,
      { input: { number: certificate.number, reason: 'ISSUED_IN_ERROR' } },
      await app.token('COORDINATOR', ['PRAGUE']),
    );
    expect(coordinator.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const invalid = await app.gql(REVOKE, { input: { number: 'nope', reason: 'free text' } }, admin);
    expect(invalid.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(JSON.stringify(invalid.errors?.[0]?.extensions)).toContain('number');
    expect(JSON.stringify(invalid.errors?.[0]?.extensions)).toContain('reason');
    const unknown = await app.gql(
      REVOKE,
      { input: { number: 'PRV-1999-00001', reason: 'ISSUED_IN_ERROR' } },
      admin,
    );
    expect(unknown.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');

    const commandId = newId();
    const input = { commandId, number: certificate.number, reason: 'ISSUED_IN_ERROR' };
    const first = await app.gql(REVOKE, { input }, admin);
    app.expectNoErrors(first);
    expect(first.data?.revokeCertificate.certificate).toEqual({
      number: certificate.number,
      status: 'REVOKED',
      revocationReasonCode: 'ISSUED_IN_ERROR',
    });
    const again = await app.gql(REVOKE, { input }, admin);
    expect(again.data?.revokeCertificate.position).toBe(first.data?.revokeCertificate.position);
    const second = await app.gql(REVOKE, { input: { ...input, commandId: newId() } }, admin);
    expect(second.errors?.[0]?.extensions?.code).toBe('CERTIFICATE.ALREADY_REVOKED');

    const verified = await app.gql(VERIFY, {
      number: certificate.number,
      code: certificate.verificationCode,
    });
    expect(verified.data?.verifyCertificate).toMatchObject({
      valid: false,
      status: 'REVOKED',
      holderName: 'Řehoř Žlutý',
    });
  });

  it('lists the reminders of the daily sweep by region: ids and codes only, coordinators of the region and admins', async () => {
    const runtime = app.nest.get<Runtime>(RUNTIME);
    const sweepsDone = async () => (await runtime.jobs.counts())['reminder-sweep']?.completed ?? 0;
    const doneBefore = await sweepsDone();
    await runtime.jobs.enqueue('reminder-sweep', {}, { jobId: `reminder-sweep:e2e:${newId()}` });
    const matchReminder = {
      id: `NO_MEETING:m-${volunteerId}`,
      code: 'NO_MEETING_30_DAYS',
      subjectType: 'MATCH',
      subjectId: `m-${volunteerId}`,
      relatedId: null,
    };
    // The sweep writes its reminders one by one: a list read while it runs may hold only some of them.
    const deadline = Date.now() + 20_000;
    while ((await sweepsDone()) === doneBefore && Date.now() < deadline) await sleep(50);
    const response = await app.gql<{ reminders: { edges: { node: unknown }[] } }>(
      REMINDERS,
      { region: 'PRAGUE' },
      admin,
    );
    app.expectNoErrors(response);
    const nodes = response.data?.reminders.edges.map((edge) => edge.node) ?? [];
    expect(nodes).toContainEqual(expect.objectContaining(matchReminder));
    const prague = await app.gql(REMINDERS, { region: 'PRAGUE' }, await app.token('COORDINATOR', ['PRAGUE']));
    expect(prague.data?.reminders.totalCount).toBe(nodes.length);
    const other = await app.gql(REMINDERS, { region: 'PRAGUE' }, await app.token('COORDINATOR', ['LIBEREC']));
    expect(other.data?.reminders).toEqual({ totalCount: 0, edges: [] });
    const liberec = await app.gql(REMINDERS, { region: 'LIBEREC' }, admin);
    expect(liberec.data?.reminders.totalCount).toBe(0);
    const auditor = await app.gql(REMINDERS, { region: 'PRAGUE' }, await app.token('AUDITOR'));
    expect(auditor.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
