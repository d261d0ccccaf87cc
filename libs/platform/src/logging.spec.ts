import { Writable } from 'node:stream';
import { createLogger } from './logging';

function capture(): { stream: Writable; lines: () => Record<string, unknown>[] } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk.toString());
      callback();
    },
  });
  return {
    stream,
    lines: () =>
      chunks
        .join('')
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

describe('createLogger', () => {
  it('given a log entry carrying personal data, when written, then the personal fields are redacted', () => {
    const { stream, lines } = capture();
    const logger = createLogger('info', stream);

    logger.info(
      {
        client: {
          id: 'client-1',
          name: 'Amina Haddad',
          email: 'amina@example.org',
          phone: '+420 777 000 111',
        },
      },
      'read',
    );

    const [line] = lines();
    expect(line).toMatchObject({
      level: 'info',
      msg: 'read',
      client: { id: 'client-1', name: '[redacted]', email: '[redacted]', phone: '[redacted]' },
    });
    expect(JSON.stringify(line)).not.toMatch(/Amina|example\.org|777/);
  });

  it.each([
    ['at the top level', { name: 'Amina Haddad' }],
    ['two levels down', { job: { client: { email: 'amina@example.org' } } }],
    ['three levels down', { error: { extensions: { input: { phone: '+420 777 000 111' } } } }],
    ['an address', { client: { address: 'Vinohradská 1, Praha' } }],
    ['a cookie', { req: { headers: { cookie: 'session=Amina' } } }],
  ])('given personal data %s, when written, then it is redacted', (_, entry) => {
    const { stream, lines } = capture();
    createLogger('info', stream).info(entry, 'read');
    const written = JSON.stringify(lines()[0]);
    expect(written).toContain('[redacted]');
    expect(written).not.toMatch(/Amina|example\.org|777|Vinohradsk/);
  });

  it('given ids and codes beside personal data, when written, then they are kept', () => {
    const { stream, lines } = capture();
    createLogger('info', stream).info(
      { correlationId: 'c-1', job: { clientId: 'client-1', code: 'CONSENT.NOT_IN_FORCE', name: 'Amina' } },
      'refused',
    );
    expect(lines()[0]).toMatchObject({
      correlationId: 'c-1',
      job: { clientId: 'client-1', code: 'CONSENT.NOT_IN_FORCE', name: '[redacted]' },
    });
  });

  it('given a request with a bearer token, when logged, then the authorization header is redacted', () => {
    const { stream, lines } = capture();
    createLogger('info', stream).info(
      { req: { headers: { authorization: 'Bearer secret-token' } } },
      'request',
    );
    expect(JSON.stringify(lines()[0])).not.toContain('secret-token');
  });
});
