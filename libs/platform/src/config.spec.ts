import { ConfigError, ENVIRONMENT_VARIABLES, loadConfig } from './config';

describe('loadConfig', () => {
  it('given no variables, when loaded, then it selects the embedded default', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      production: false,
      port: 3000,
      eventStoreUrl: undefined,
      mongoUrl: undefined,
      redisUrl: undefined,
      graphqlIntrospection: true,
      runWorkerInProcess: true,
      sqliteSynchronous: 'FULL',
      volunteerClientLimit: 2,
    });
    expect(config.dataDir).toMatch(/data$/);
  });

  it('given production with EventStoreDB, when loaded, then introspection is off and the worker runs apart', () => {
    const config = loadConfig({ NODE_ENV: 'production', EVENTSTORE_URL: 'esdb://eventstore:2113?tls=false' });
    expect(config).toMatchObject({
      production: true,
      graphqlIntrospection: false,
      runWorkerInProcess: false,
    });
  });

  it.each([
    ['EventStoreDB', { EVENTSTORE_URL: 'esdb://eventstore:2113?tls=false' }],
    ['MongoDB', { MONGO_URL: 'mongodb://mongo:27017/pruvodce?replicaSet=rs0' }],
    ['the embedded stores in production', { NODE_ENV: 'production' }],
  ])('given %s and no GRAPHQL_INTROSPECTION, when loaded, then introspection is off', (_name, env) => {
    expect(loadConfig(env).graphqlIntrospection).toBe(false);
  });

  it('given servers and GRAPHQL_INTROSPECTION=true, when loaded, then introspection is on as asked', () => {
    const env = { EVENTSTORE_URL: 'esdb://eventstore:2113?tls=false', GRAPHQL_INTROSPECTION: 'true' };
    expect(loadConfig(env).graphqlIntrospection).toBe(true);
    expect(loadConfig({ GRAPHQL_INTROSPECTION: 'false' }).graphqlIntrospection).toBe(false);
  });

  it.each([
    ['PORT', 'eighty', /PORT/],
    ['PORT', '70000', /PORT/],
    ['EVENTSTORE_URL', 'http://eventstore:2113', /EVENTSTORE_URL: expected a esdb/],
    ['MONGO_URL', 'not a url', /MONGO_URL: not a valid URL/],
    ['GRAPHQL_INTROSPECTION', 'maybe', /GRAPHQL_INTROSPECTION/],
    ['SQLITE_SYNCHRONOUS', 'OFF', /SQLITE_SYNCHRONOUS/],
    ['VOLUNTEER_CLIENT_LIMIT', '0', /VOLUNTEER_CLIENT_LIMIT/],
    ['LOG_LEVEL', 'bogus', /LOG_LEVEL: expected fatal, error, warn, info, debug, trace or silent/],
    ['CERTIFICATE_SWEEP_CRON', '99 99 * * *', /CERTIFICATE_SWEEP_CRON: not a valid cron expression/],
    ['REMINDER_SWEEP_CRON', '0 24 * * *', /REMINDER_SWEEP_CRON: not a valid cron expression/],
    ['REMINDER_SWEEP_CRON', '0 2 31 2 *', /REMINDER_SWEEP_CRON: not a valid cron expression/],
    ['REMINDER_SWEEP_CRON', '0 2 * *', /REMINDER_SWEEP_CRON: expected a cron expression of 5 or 6 fields/],
  ])('given %s=%s, when loaded, then a ConfigError names the variable', (name, value, message) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(message);
  });

  it('given a log level in capitals, when loaded, then it is the level pino knows', () => {
    expect(loadConfig({ LOG_LEVEL: 'WARN' }).logLevel).toBe('warn');
    expect(loadConfig({ LOG_LEVEL: 'silent' }).logLevel).toBe('silent');
  });

  it('given cron expressions within range, with or without seconds, when loaded, then they are kept', () => {
    const config = loadConfig({
      CERTIFICATE_SWEEP_CRON: '0 0 3 * * 1-5',
      REMINDER_SWEEP_CRON: '*/15 * * * *',
    });
    expect(config.certificates.sweepCron).toBe('0 0 3 * * 1-5');
    expect(config.reminderSweepCron).toBe('*/15 * * * *');
  });

  it('lists every variable once', () => {
    const names = ENVIRONMENT_VARIABLES.map((variable) => variable.name);
    expect(new Set(names).size).toBe(names.length);
  });
});
