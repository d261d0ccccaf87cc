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

  it('given garbage, when verified, then it is rejected', async () => {
    await expect(hs256Verifier(secret).verify('not.a.token')).rejects.toBeInstanceOf(AuthenticationError);
  });
});
