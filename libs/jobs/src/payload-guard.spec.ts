import fc from 'fast-check';
import { InvalidJobOptionsError, InvalidJobPayloadError, PersonalDataInJobPayloadError } from './errors';
import {
  assertJobPayloadSafe,
  assertValidEnqueueOptions,
  assertValidRepeatOptions,
  looksLikePersonalDataKey,
} from './payload-guard';

describe('job payload guard', () => {
  it.each([
    'name',
    'firstName',
    'last_name',
    'email',
    'clientEmail',
    'phone',
    'phoneNumber',
    'dateOfBirth',
    'date_of_birth',
    'contact',
    'contactDetails',
    'notes',
    'Notes',
    'countryOfOrigin',
    'country_of_origin',
    'countryoforigin',
    'originCountry',
  ])('treats %s as personal data', (key) => {
    expect(looksLikePersonalDataKey(key)).toBe(true);
  });

  it.each(['clientId', 'matchId', 'position', 'certificateId', 'kind', 'consentId', 'regionCode'])(
    'lets %s through',
    (key) => {
      expect(looksLikePersonalDataKey(key)).toBe(false);
    },
  );

  it('finds personal data at any depth and names the path without the value', () => {
    const payload = {
      matchId: 'm-1',
      parties: [{ clientId: 'c-1' }, { volunteer: { phone: '+420 777 000 000' } }],
    };
    let caught: unknown;
    try {
      assertJobPayloadSafe('notify', payload);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(PersonalDataInJobPayloadError);
    expect(caught).toMatchObject({
      code: 'JOBS.PERSONAL_DATA_IN_PAYLOAD',
      path: 'payload.parties[1].volunteer.phone',
    });
    expect((caught as Error).message).not.toContain('777');
  });

  it('rejects email-shaped values under innocent keys', () => {
    expect(() => assertJobPayloadSafe('notify', { recipientId: 'someone@example.org' })).toThrow(
      PersonalDataInJobPayloadError,
    );
  });

  it.each([
    ['a Date', { at: new Date(0) }],
    ['undefined', { matchId: undefined }],
    ['a BigInt', { position: 1n }],
    ['NaN', { count: Number.NaN }],
    ['a Map', { ids: new Map() }],
  ])('rejects %s as not JSON', (_label, payload) => {
    expect(() => assertJobPayloadSafe('notify', payload)).toThrow(InvalidJobPayloadError);
  });

  it('rejects a payload that is not an object', () => {
    expect(() => assertJobPayloadSafe('notify', ['m-1'])).toThrow(InvalidJobPayloadError);
    expect(() => assertJobPayloadSafe('notify', null)).toThrow(InvalidJobPayloadError);
  });

  it('accepts any JSON object built from id-like keys', () => {
    // Keys as the product names its records; random words could spell `nameId`, which is rightly refused.
    const idKey = fc
      .tuple(
        fc.constantFrom(
          'volunteer',
          'client',
          'match',
          'session',
          'meeting',
          'consent',
          'certificate',
          'event',
        ),
        fc.constantFrom('Id', 'Ids', 'Position'),
      )
      .map(([entity, suffix]) => `${entity}${suffix}`);
    const payload = fc.dictionary(
      idKey,
      fc.oneof(
        fc.uuid(),
        fc.integer(),
        fc.boolean(),
        fc.constant(null),
        fc.array(fc.uuid(), { maxLength: 3 }),
      ),
    );
    fc.assert(
      fc.property(payload, (value) => {
        expect(() => assertJobPayloadSafe('sweep', value)).not.toThrow();
      }),
    );
  });

  it('validates job ids, retries and schedules', () => {
    expect(() => assertValidEnqueueOptions({ jobId: 'issueCertificate:match-1:42' })).not.toThrow();
    expect(() => assertValidEnqueueOptions({ jobId: '42' })).toThrow(InvalidJobOptionsError);
    expect(() => assertValidEnqueueOptions({ jobId: 'a%b' })).toThrow(InvalidJobOptionsError);
    expect(() => assertValidEnqueueOptions({ attempts: 0 })).toThrow(InvalidJobOptionsError);
    expect(() => assertValidEnqueueOptions({ delayMs: -1 })).toThrow(InvalidJobOptionsError);
    expect(() => assertValidRepeatOptions({ jobId: 'sweep', cron: '* * * * *', everyMs: 10 })).toThrow(
      InvalidJobOptionsError,
    );
    expect(() => assertValidRepeatOptions({ jobId: 'sweep' })).toThrow(InvalidJobOptionsError);
  });
});
