import { SignJWT } from 'jose';
import { AuthenticationError, hs256Verifier, mintToken } from './auth';

const secret = 'a-test-secret-that-is-long-enough-for-hs256';

describe('HS256 tokens', () => {
  it('given a minted token, when verified, then the principal carries subject, role and regions', async () => {
    const token = await mintToken(secret, {
      subject: 'alice',
      role: 'COORDINATOR',
      regions: ['PRAGUE', 'LIBEREC'],
    });
    await expect(hs256Verifier(secret).verify(token)).resolves.toEqual({
      subject: 'alice',
      role: 'COORDINATOR',
      regions: ['PRAGUE', 'LIBEREC'],
    });
  });

  it('given a token signed with another secret, when verified, then it is rejected', async () => {
    const token = await mintToken('another-secret-entirely-different-value', {
      subject: 'eve',
      role: 'ADMIN',
      regions: [],
    });
    await expect(hs256Verifier(secret).verify(token)).rejects.toBeInstanceOf(AuthenticationError);
  });

  it('given an expired token, when verified, then it is rejected', async () => {
    const token = await mintToken(secret, { subject: 'bob', role: 'AUDITOR', regions: [] }, '-1s');
    await expect(hs256Verifier(secret).verify(token)).rejects.toThrow('invalid or expired token');
  });

  it('given a token with an unknown role, when verified, then it is rejected', async () => {
    const token = await new SignJWT({ role: 'SUPERUSER', regions: [] })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('mallory')
      .setIssuer('pruvodce')
      .setAudience('pruvodce-api')
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode(secret));
    await expect(hs256Verifier(secret).verify(token)).rejects.toThrow('token has no known role');
  });

  it('given a well-signed token without an expiry, when verified, then it is rejected', async () => {
    const token = await new SignJWT({ role: 'ADMIN', regions: [] })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('mallory')
      .setIssuer('pruvodce')
      .setAudience('pruvodce-api')
      .sign(new TextEncoder().encode(secret));
    await expect(hs256Verifier(secret).verify(token)).rejects.toThrow('invalid or expired token');
  });

  it('given garbage, when verified, then it is rejected', async () => {
    await expect(hs256Verifier(secret).verify('not.a.token')).rejects.toBeInstanceOf(AuthenticationError);
  });

  describe('remembering tokens already verified', () => {
    afterEach(() => jest.useRealTimers());

    it('given a verified token, when it expires, then it is rejected although it was remembered', async () => {
      jest.useFakeTimers({ now: new Date('2026-03-01T10:00:00Z'), doNotFake: ['nextTick', 'setImmediate'] });
      const verifier = hs256Verifier(secret);
      const token = await mintToken(
        secret,
        { subject: 'carol', role: 'COORDINATOR', regions: ['PRAGUE'] },
        '1h',
      );
      await expect(verifier.verify(token)).resolves.toMatchObject({ subject: 'carol' });
      jest.setSystemTime(new Date('2026-03-01T10:59:59Z'));
      await expect(verifier.verify(token)).resolves.toMatchObject({ subject: 'carol' });
      jest.setSystemTime(new Date('2026-03-01T11:00:01Z'));
      await expect(verifier.verify(token)).rejects.toThrow('invalid or expired token');
    });

    it('given a remembered token, when a copy with another signature comes, then the copy is rejected', async () => {
      const verifier = hs256Verifier(secret);
      const token = await mintToken(secret, { subject: 'dave', role: 'ADMIN', regions: [] });
      await verifier.verify(token);
      const [header, payload] = token.split('.');
      await expect(verifier.verify(`${header}.${payload}.${'A'.repeat(43)}`)).rejects.toBeInstanceOf(
        AuthenticationError,
      );
      await expect(verifier.verify(token)).resolves.toMatchObject({ subject: 'dave', role: 'ADMIN' });
    });
  });
});
