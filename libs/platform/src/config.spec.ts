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
    ['PORT', 'eighty', /PORT/],
    ['PORT', '70000', /PORT/],
    ['EVENTSTORE_URL', 'http://eventstore:2113', /EVENTSTORE_URL: expected a esdb/],
    ['MONGO_URL', 'not a url', /MONGO_URL: not a valid URL/],
    ['GRAPHQL_INTROSPECTION', 'maybe', /GRAPHQL_INTROSPECTION/],
    ['SQLITE_SYNCHRONOUS', 'OFF', /SQLITE_SYNCHRONOUS/],
    ['VOLUNTEER_CLIENT_LIMIT', '0', /VOLUNTEER_CLIENT_LIMIT/],
  ])('given %s=%s, when loaded, then a ConfigError names the variable', (name, value, message) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(message);
  });

  it('lists every variable once', () => {
    const names = ENVIRONMENT_VARIABLES.map((variable) => variable.name);
    expect(new Set(names).size).toBe(names.length);
  });
});
