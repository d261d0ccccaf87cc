import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ENVIRONMENT_VARIABLES, loadConfig } from '@app/platform/config';

/**
 * No Docker engine runs here, so the stack is checked as text: pinned images, the configuration each app
 * needs in production (against the one list in config.ts), health checks and start order, and a Dockerfile
 * whose runtime stage is Node 24 as a non-root user.
 */
const root = join(__dirname, '..');
const APPS = ['api', 'worker'] as const;
const STORES = ['eventstore', 'mongo', 'redis'] as const;

interface ComposeService {
  image?: string;
  build?: { context?: string; dockerfile?: string } | string;
  command?: string[] | string;
  environment?: Record<string, string | number | boolean | null> | string[];
  healthcheck?: { test?: string[] | string; disable?: boolean };
  depends_on?: Record<string, { condition?: string }> | string[];
  volumes?: (string | { source?: string })[];
}

interface ComposeFile {
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
}

const compose = parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8'), { merge: true }) as ComposeFile;
const services = Object.entries(compose.services);
const service = (name: string): ComposeService => {
  const found = compose.services[name];
  if (found === undefined) throw new Error(`docker-compose.yml has no service ${name}`);
  return found;
};

function environmentOf(definition: ComposeService): Map<string, string> {
  const entries: [string, string][] = Array.isArray(definition.environment)
    ? definition.environment.map((entry) => {
        const separator = entry.indexOf('=');
        return separator < 0 ? [entry, ''] : [entry.slice(0, separator), entry.slice(separator + 1)];
      })
    : Object.entries(definition.environment ?? {}).map(([key, value]) => [
        key,
        value === null ? '' : String(value),
      ]);
  return new Map(entries);
}

/** Compose interpolation as far as this file uses it: `${VAR}`, `${VAR:-default}` and `${VAR:?message}`. */
function interpolate(value: string, env: Readonly<Record<string, string>>): string {
  return value.replace(
    /\$\{([A-Z0-9_]+)(?:(:-|:\?)([^}]*))?\}/g,
    (_, name: string, operator?: string, rest?: string) => {
      const set = env[name];
      if (set !== undefined && set !== '') return set;
      if (operator === ':?') throw new Error(`compose refuses to start: ${name} is not set (${rest ?? ''})`);
      return operator === ':-' ? (rest ?? '') : '';
    },
  );
}

const resolvedEnvironment = (app: string, env: Readonly<Record<string, string>>): Record<string, string> =>
  Object.fromEntries([...environmentOf(service(app))].map(([key, value]) => [key, interpolate(value, env)]));

const PRODUCTION_SECRETS = { DATA_KEY: Buffer.alloc(32, 7).toString('base64'), JWT_SECRET: 'x'.repeat(64) };

describe('docker-compose.yml', () => {
  it('starts the three stores and both apps', () => {
    expect(Object.keys(compose.services).sort()).toEqual([...APPS, ...STORES].sort());
  });

  it.each(services)(
    '%s uses an image pinned to an exact version, or the project Dockerfile',
    (_, definition) => {
      if (definition.image === undefined) {
        expect(definition.build).toMatchObject({ context: '.', dockerfile: 'infra/docker/Dockerfile' });
        return;
      }
      const tag = definition.image.slice(definition.image.lastIndexOf(':') + 1);
      expect(definition.image).toContain(':');
      expect(tag).not.toBe('latest');
      expect(tag).toMatch(/^\d+\.\d+\.\d+(?:-[a-z0-9.-]+)?$/);
    },
  );

  it('pins the major versions the design names: EventStoreDB 24.10, MongoDB 7, Redis 7', () => {
    expect(service('eventstore').image).toMatch(/^eventstore\/eventstore:24\.10\.\d+/);
    expect(service('mongo').image).toMatch(/^mongo:7\.\d+\.\d+/);
    expect(service('redis').image).toMatch(/^redis:7\.\d+\.\d+/);
  });

  it.each(APPS)('%s sets every variable config.ts requires in production for it', (app) => {
    const environment = environmentOf(service(app));
    const required = ENVIRONMENT_VARIABLES.filter(
      (variable) => variable.requiredInProduction && variable.readBy.includes(app),
    ).map((variable) => variable.name);
    expect(required.length).toBeGreaterThan(0);
    const missing = required.filter((name) => (environment.get(name) ?? '').trim() === '');
    expect(missing).toEqual([]);
  });

  it.each(APPS)('%s sets only variables that config.ts knows', (app) => {
    const known = new Set(ENVIRONMENT_VARIABLES.map((variable) => variable.name));
    expect([...environmentOf(service(app)).keys()].filter((name) => !known.has(name))).toEqual([]);
  });

  it.each(APPS)('%s refuses to start without DATA_KEY instead of falling back to a default', (app) => {
    expect(environmentOf(service(app)).get('DATA_KEY')).toMatch(/^\$\{DATA_KEY:\?.+\}$/);
    expect(() => resolvedEnvironment(app, { JWT_SECRET: PRODUCTION_SECRETS.JWT_SECRET })).toThrow(
      /DATA_KEY is not set/,
    );
  });

  it('api refuses to start without a way to verify tokens', () => {
    const environment = environmentOf(service('api'));
    const secret = environment.get('JWT_SECRET') ?? '';
    const jwks = environment.get('JWT_JWKS_URL') ?? '';
    expect(/^\$\{JWT_SECRET:\?.+\}$/.test(secret) || /^https?:\/\//.test(jwks)).toBe(true);
  });

  it.each(APPS)(
    '%s configuration, once the secrets are given, loads as production with the stores',
    (app) => {
      const config = loadConfig(resolvedEnvironment(app, PRODUCTION_SECRETS));
      expect(config.production).toBe(true);
      expect(config.eventStoreUrl).toBe('esdb://eventstore:2113?tls=false');
      expect(config.mongoUrl).toMatch(/^mongodb:\/\/mongo:27017\/.*replicaSet=rs0/);
      expect(config.redisUrl).toBe('redis://redis:6379');
      expect(config.dataKey).toBe(PRODUCTION_SECRETS.DATA_KEY);
      expect(config.port).toBe(3000);
    },
  );

  it('api listens on all interfaces inside its container and leaves the worker work to the worker', () => {
    const config = loadConfig(resolvedEnvironment('api', PRODUCTION_SECRETS));
    expect(config.host).toBe('0.0.0.0');
    expect(config.runWorkerInProcess).toBe(false);
    expect(config.graphqlIntrospection).toBe(false);
  });

  it.each(services)('%s has a health check', (_, definition) => {
    expect(definition.healthcheck?.disable).not.toBe(true);
    expect(definition.healthcheck?.test ?? []).not.toHaveLength(0);
  });

  it.each(APPS)('%s probes /health/ready with the script the image contains', (app) => {
    expect(service(app).healthcheck?.test).toEqual([
      'CMD',
      'node',
      'infra/docker/healthcheck.js',
      '/health/ready',
    ]);
    expect(existsSync(join(root, 'infra/docker/healthcheck.js'))).toBe(true);
  });

  it.each(APPS)('%s starts only once every store is healthy', (app) => {
    const dependsOn = service(app).depends_on;
    expect(Array.isArray(dependsOn)).toBe(false);
    STORES.forEach((store) => {
      expect((dependsOn as Record<string, { condition?: string }>)[store]?.condition).toBe('service_healthy');
    });
  });

  it.each(APPS)('%s runs its own entry point through the swc loader', (app) => {
    expect(service(app).command).toEqual(['node', '-r', './infra/register.js', `apps/${app}/src/main.ts`]);
  });

  it('runs MongoDB as a replica set whose healthcheck initiates it idempotently', () => {
    const mongo = service('mongo');
    expect(mongo.command).toEqual(expect.arrayContaining(['--replSet', 'rs0']));
    const test = mongo.healthcheck?.test;
    expect(test).toEqual(
      expect.arrayContaining(['mongosh', '--file', '/etc/pruvodce-mongo/init-replica-set.js']),
    );
    expect(mongo.volumes).toContain('./infra/mongo:/etc/pruvodce-mongo:ro');
    const script = readFileSync(join(root, 'infra/mongo/init-replica-set.js'), 'utf8');
    expect(script).toContain('rs.initiate');
    expect(script).toMatch(/NotYetInitialized/);
  });

  it('keeps Redis data in an append-only file', () => {
    expect(service('redis').command).toEqual(expect.arrayContaining(['--appendonly', 'yes']));
  });

  it('runs EventStoreDB as one insecure local node', () => {
    const environment = environmentOf(service('eventstore'));
    expect(environment.get('EVENTSTORE_CLUSTER_SIZE')).toBe('1');
    expect(environment.get('EVENTSTORE_INSECURE')).toBe('true');
  });

  it('keeps store data in named volumes declared at the top level', () => {
    const declared = new Set(Object.keys(compose.volumes ?? {}));
    const named = (['eventstore', 'mongo', 'redis'] as const).flatMap((name) =>
      (service(name).volumes ?? [])
        .map((volume) => (typeof volume === 'string' ? volume.split(':')[0] : volume.source))
        .filter(
          (source): source is string =>
            source !== undefined && !source.startsWith('.') && !source.startsWith('/'),
        ),
    );
    expect(named.length).toBeGreaterThanOrEqual(3);
    named.forEach((volume) => expect(declared.has(volume)).toBe(true));
  });
});

describe('infra/docker/Dockerfile', () => {
  const dockerfile = readFileSync(join(root, 'infra/docker/Dockerfile'), 'utf8');
  /** Instructions with line continuations joined and comments dropped. */
  const instructions = dockerfile
    .replace(/\\\r?\n/g, ' ')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
  const args = new Map(
    instructions
      .filter((line) => /^ARG\s+\w+=/.test(line))
      .map((line) => {
        const [name, value] = line.replace(/^ARG\s+/, '').split('=');
        return [name ?? '', value ?? ''];
      }),
  );
  const resolve = (text: string): string =>
    text.replace(/\$\{?(\w+)\}?/g, (_, name: string) => args.get(name) ?? '');
  const fromIndexes = instructions.flatMap((line, index) => (/^FROM\s/i.test(line) ? [index] : []));
  const finalStage = instructions.slice(fromIndexes[fromIndexes.length - 1]);

  it('has several stages', () => {
    expect(fromIndexes.length).toBeGreaterThanOrEqual(2);
  });

  it('bases every stage on a pinned Node 24 bookworm-slim image', () => {
    fromIndexes.forEach((index) => {
      const image = resolve((instructions[index] ?? '').split(/\s+/)[1] ?? '');
      expect(image).toMatch(/^node:24\.\d+\.\d+-bookworm-slim$/);
    });
  });

  it('installs dependencies with npm ci from the lockfile', () => {
    expect(instructions.some((line) => /^RUN\s.*\bnpm ci\b/.test(line))).toBe(true);
    expect(instructions.some((line) => /^COPY\s.*package-lock\.json/.test(line))).toBe(true);
  });

  it('runs the final stage as a non-root user', () => {
    const users = finalStage.filter((line) => /^USER\s/i.test(line)).map((line) => line.split(/\s+/)[1]);
    const last = users[users.length - 1];
    expect(last).toBeDefined();
    expect(['root', '0', '0:0', 'root:root']).not.toContain(last);
  });

  it('starts the API through the swc loader by default and probes its readiness', () => {
    expect(finalStage).toContain('CMD ["node", "-r", "./infra/register.js", "apps/api/src/main.ts"]');
    expect(finalStage.some((line) => line.startsWith('HEALTHCHECK') && line.includes('/health/ready'))).toBe(
      true,
    );
  });

  it('copies only files that exist in the repository', () => {
    const sources = finalStage
      .filter((line) => /^COPY\s/i.test(line) && !line.includes('--from='))
      .flatMap((line) =>
        line
          .split(/\s+/)
          .slice(1, -1)
          .filter((part) => !part.startsWith('--')),
      );
    expect(sources.length).toBeGreaterThan(0);
    expect(sources.filter((source) => !existsSync(join(root, source)))).toEqual([]);
  });
});
