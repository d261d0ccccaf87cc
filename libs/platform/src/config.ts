import { resolve } from 'node:path';
import { CronExpressionParser } from 'cron-parser';

/**
 * Every environment variable the apps read, with its default. README.md's configuration table and the
 * docker-compose test are both checked against this list, so it is the one place to add a variable.
 */
export interface EnvironmentVariable {
  readonly name: string;
  /** Default when unset; `undefined` means "unset selects the embedded default" or "required where noted". */
  readonly default?: string;
  readonly description: string;
  /** Which apps read it in production (docker compose must set it for them unless it has a default). */
  readonly readBy: readonly ('api' | 'worker')[];
  /** Must be set in production (docker compose). */
  readonly requiredInProduction: boolean;
}

export const ENVIRONMENT_VARIABLES: readonly EnvironmentVariable[] = [
  {
    name: 'NODE_ENV',
    default: 'development',
    description: '`production` turns off introspection unless enabled and tightens defaults',
    readBy: ['api', 'worker'],
    requiredInProduction: true,
  },
  {
    name: 'HOST',
    default: '127.0.0.1',
    description: 'Interface the HTTP server binds',
    readBy: ['api', 'worker'],
    requiredInProduction: true,
  },
  {
    name: 'PORT',
    default: '3000',
    description: 'HTTP port of the GraphQL API, health and metrics',
    readBy: ['api', 'worker'],
    requiredInProduction: false,
  },
  {
    name: 'DATA_DIR',
    default: './data',
    description: 'Embedded default: SQLite files, generated master key and JWT secret',
    readBy: ['api', 'worker'],
    requiredInProduction: false,
  },
  {
    name: 'EVENTSTORE_URL',
    description:
      'EventStoreDB connection string (e.g. `esdb://eventstore:2113?tls=false`); unset = SQLite event store in DATA_DIR',
    readBy: ['api', 'worker'],
    requiredInProduction: true,
  },
  {
    name: 'MONGO_URL',
    description: 'MongoDB connection string for read models and subject keys; unset = SQLite in DATA_DIR',
    readBy: ['api', 'worker'],
    requiredInProduction: true,
  },
  {
    name: 'REDIS_URL',
    description:
      'Redis for BullMQ jobs (unset = in-process jobs). The projection lease is DATA_DIR/projections.lease while either store is embedded, else Redis (unset: none, run projections in one process)',
    readBy: ['api', 'worker'],
    requiredInProduction: true,
  },
  {
    name: 'DATA_KEY',
    description:
      'Master key (base64, 32 bytes) that wraps the per-subject keys; unset on the embedded default = generated into DATA_DIR/master.key',
    readBy: ['api', 'worker'],
    requiredInProduction: true,
  },
  {
    name: 'JWT_SECRET',
    description:
      'HS256 secret for bearer tokens; unset on the embedded default = generated into DATA_DIR/jwt.secret on first start',
    readBy: ['api'],
    requiredInProduction: false,
  },
  {
    name: 'JWT_JWKS_URL',
    description: 'JWKS endpoint of an identity provider (RS256); used instead of JWT_SECRET when set',
    readBy: ['api'],
    requiredInProduction: false,
  },
  {
    name: 'JWT_ISSUER',
    description:
      "The identity provider's issuer (`iss`) that tokens checked through JWT_JWKS_URL must carry; unset = any issuer",
    readBy: ['api'],
    requiredInProduction: false,
  },
  {
    name: 'GRAPHQL_INTROSPECTION',
    description:
      'Enable introspection and the explorer; default true on the embedded default (neither EVENTSTORE_URL nor MONGO_URL set, not production), false otherwise',
    readBy: ['api'],
    requiredInProduction: false,
  },
  {
    name: 'RUN_WORKER_IN_PROCESS',
    description:
      'Run projections, reactors and job processors inside the API process; default true when EVENTSTORE_URL is unset',
    readBy: ['api'],
    requiredInProduction: true,
  },
  {
    name: 'SQLITE_SYNCHRONOUS',
    default: 'FULL',
    description: 'SQLite `synchronous` pragma; FULL makes an acknowledged append survive power loss',
    readBy: ['api', 'worker'],
    requiredInProduction: false,
  },
  {
    name: 'LOG_LEVEL',
    default: 'info',
    description: 'pino log level: fatal, error, warn, info, debug, trace or silent',
    readBy: ['api', 'worker'],
    requiredInProduction: false,
  },
  {
    name: 'MUTATION_RATE_LIMIT',
    default: '600',
    description: 'Mutations one caller may send per minute before TOO_MANY_REQUESTS',
    readBy: ['api'],
    requiredInProduction: false,
  },
  {
    name: 'VOLUNTEER_CLIENT_LIMIT',
    default: '2',
    description:
      'Most active or paused matches a volunteer may have at once: proposals beyond it are refused',
    readBy: ['api', 'worker'],
    requiredInProduction: false,
  },
  {
    name: 'CERTIFICATE_POLICY_VERSION',
    default: '2025-1',
    description:
      'Version of the certificate policy, written on every certificate; name a new one whenever a CERTIFICATE_MIN_* value changes',
    readBy: ['api', 'worker'],
    requiredInProduction: false,
  },
  {
    name: 'CERTIFICATE_MIN_SERVICE_MONTHS',
    default: '6',
    description: 'Certificate policy: months of service since the first approved meeting (at least 4)',
    readBy: ['api', 'worker'],
    requiredInProduction: false,
  },
  {
    name: 'CERTIFICATE_MIN_HOURS',
    default: '40',
    description: 'Certificate policy: approved hours, in quarter-hour steps',
    readBy: ['api', 'worker'],
    requiredInProduction: false,
  },
  {
    name: 'CERTIFICATE_MIN_SUPERVISIONS',
    default: '2',
    description:
      'Certificate policy: supervision sessions attended within the service, from the first approved meeting on',
    readBy: ['api', 'worker'],
    requiredInProduction: false,
  },
  {
    name: 'CERTIFICATE_PROGRAM_NAME',
    default: 'Průvodce',
    description: 'Name of the volunteer program printed on certificates',
    readBy: ['api', 'worker'],
    requiredInProduction: false,
  },
  {
    name: 'CERTIFICATE_ACCREDITATION',
    default: 'DEVELOPMENT',
    description:
      "Reference of the program's accreditation (Act 198/2002) printed on certificates; set it in production",
    readBy: ['api', 'worker'],
    requiredInProduction: false,
  },
  {
    name: 'CERTIFICATE_NUMBER_PREFIX',
    default: 'PRV',
    description: 'Prefix of certificate numbers `<PREFIX>-YYYY-NNNNN` (2-8 capital letters)',
    readBy: ['api', 'worker'],
    requiredInProduction: false,
  },
  {
    name: 'CERTIFICATE_SWEEP_CRON',
    default: '0 3 * * *',
    description:
      "When the daily certificate sweep runs (cron, read in the program's time zone, Europe/Prague); it also runs once at start on the embedded default",
    readBy: ['api', 'worker'],
    requiredInProduction: false,
  },
  {
    name: 'REMINDER_SWEEP_CRON',
    default: '30 3 * * *',
    description:
      "When the daily reminder sweep runs (cron, read in Europe/Prague; also at start on the embedded default), and the re-check that departed volunteers' matches were ended (also at every start)",
    readBy: ['api', 'worker'],
    requiredInProduction: false,
  },
];

export interface AppConfig {
  readonly nodeEnv: string;
  readonly production: boolean;
  readonly host: string;
  readonly port: number;
  readonly dataDir: string;
  readonly eventStoreUrl: string | undefined;
  readonly mongoUrl: string | undefined;
  readonly redisUrl: string | undefined;
  readonly dataKey: string | undefined;
  readonly jwtSecret: string | undefined;
  readonly jwtJwksUrl: string | undefined;
  /** The `iss` tokens checked through the JWKS endpoint must carry, when set. */
  readonly jwtIssuer: string | undefined;
  readonly graphqlIntrospection: boolean;
  readonly runWorkerInProcess: boolean;
  readonly sqliteSynchronous: 'FULL' | 'NORMAL';
  readonly logLevel: LogLevel;
  readonly volunteerClientLimit: number;
  readonly mutationRateLimitPerMinute: number;
  readonly certificates: CertificateConfig;
  readonly reminderSweepCron: string;
}

/** The certificate policy parameters as configured; the domain validates them as a whole at start. */
export interface CertificatePolicyConfig {
  readonly version: string;
  readonly minServiceMonths: number;
  readonly minApprovedHours: number;
  readonly minSupervisions: number;
}

export interface CertificateConfig {
  readonly policy: CertificatePolicyConfig;
  readonly programName: string;
  readonly accreditation: string;
  readonly numberPrefix: string;
  readonly sweepCron: string;
}

export class ConfigError extends Error {
  readonly code = 'CONFIG.INVALID';
  constructor(
    readonly variable: string,
    reason: string,
  ) {
    super(`${variable}: ${reason}`);
    this.name = 'ConfigError';
  }
}

type Env = Readonly<Record<string, string | undefined>>;

const nonEmpty = (value: string | undefined): string | undefined =>
  value === undefined || value.trim() === '' ? undefined : value.trim();

function parseBoolean(env: Env, name: string, fallback: boolean): boolean {
  const value = nonEmpty(env[name]);
  if (value === undefined) return fallback;
  if (/^(true|1|yes)$/i.test(value)) return true;
  if (/^(false|0|no)$/i.test(value)) return false;
  throw new ConfigError(name, 'expected true or false');
}

function parseInteger(env: Env, name: string, fallback: number, min: number, max: number): number {
  const value = nonEmpty(env[name]);
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < min || parsed > max) {
    throw new ConfigError(name, `expected a whole number from ${min} to ${max}`);
  }
  return parsed;
}

function parseUrl(env: Env, name: string, protocols: readonly string[]): string | undefined {
  const value = nonEmpty(env[name]);
  if (value === undefined) return undefined;
  let protocol: string;
  try {
    protocol = new URL(value).protocol.replace(/:$/, '');
  } catch {
    throw new ConfigError(name, 'not a valid URL');
  }
  if (!protocols.includes(protocol)) throw new ConfigError(name, `expected a ${protocols.join(' or ')} URL`);
  return value;
}

function parseNumber(env: Env, name: string, fallback: number): number {
  const value = nonEmpty(env[name]);
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isFinite(parsed)) throw new ConfigError(name, 'expected a number');
  return parsed;
}

function parseMatching(env: Env, name: string, fallback: string, pattern: RegExp, expected: string): string {
  const value = nonEmpty(env[name]) ?? fallback;
  if (!pattern.test(value)) throw new ConfigError(name, `expected ${expected}`);
  return value;
}

/** pino's levels: anything else makes pino throw on the first log line, far from the variable that caused it. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

function parseLogLevel(env: Env): LogLevel {
  const value = (nonEmpty(env.LOG_LEVEL) ?? 'info').toLowerCase();
  const level = LOG_LEVELS.find((candidate) => candidate === value);
  if (level === undefined)
    throw new ConfigError('LOG_LEVEL', 'expected fatal, error, warn, info, debug, trace or silent');
  return level;
}

const CRON_SHAPE = /^\S+( \S+){4,5}$/;

/**
 * The shape alone lets `99 99 * * *` through to BullMQ, which refuses it only when the job is scheduled; the
 * parser BullMQ and the in-process queue use catches out-of-range fields at start. The zone the schedule is
 * read in (the program's) does not change what is valid.
 */
function parseCron(env: Env, name: string, fallback: string): string {
  const value = parseMatching(env, name, fallback, CRON_SHAPE, 'a cron expression of 5 or 6 fields');
  try {
    CronExpressionParser.parse(value, { tz: 'Europe/Prague' }).next();
  } catch (error) {
    const reason = error instanceof Error ? ` (${error.message})` : '';
    throw new ConfigError(name, `not a valid cron expression${reason}`);
  }
  return value;
}

function parseCertificates(env: Env): CertificateConfig {
  return {
    policy: {
      version: parseMatching(
        env,
        'CERTIFICATE_POLICY_VERSION',
        '2025-1',
        /^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$/,
        '1-32 letters, digits, dots, dashes or underscores',
      ),
      minServiceMonths: parseInteger(env, 'CERTIFICATE_MIN_SERVICE_MONTHS', 6, 4, 120),
      minApprovedHours: parseNumber(env, 'CERTIFICATE_MIN_HOURS', 40),
      minSupervisions: parseInteger(env, 'CERTIFICATE_MIN_SUPERVISIONS', 2, 0, 100),
    },
    programName: parseMatching(
      env,
      'CERTIFICATE_PROGRAM_NAME',
      'Průvodce',
      /^.{1,120}$/u,
      '1-120 characters',
    ),
    accreditation: parseMatching(
      env,
      'CERTIFICATE_ACCREDITATION',
      'DEVELOPMENT',
      /^.{1,120}$/u,
      '1-120 characters',
    ),
    numberPrefix: parseMatching(
      env,
      'CERTIFICATE_NUMBER_PREFIX',
      'PRV',
      /^[A-Z]{2,8}$/,
      '2-8 capital letters',
    ),
    sweepCron: parseCron(env, 'CERTIFICATE_SWEEP_CRON', '0 3 * * *'),
  };
}

/** Reads and validates the configuration once at start; a bad value stops the process with the variable named. */
export function loadConfig(env: Env = process.env): AppConfig {
  const nodeEnv = nonEmpty(env.NODE_ENV) ?? 'development';
  const production = nodeEnv === 'production';
  const eventStoreUrl = parseUrl(env, 'EVENTSTORE_URL', ['esdb', 'esdb+discover']);
  const mongoUrl = parseUrl(env, 'MONGO_URL', ['mongodb', 'mongodb+srv']);
  // Introspection maps the whole schema for whoever asks: on by default only where a developer runs the
  // service on their own machine, the embedded default; any deployment on servers opts in explicitly.
  const embedded = eventStoreUrl === undefined && mongoUrl === undefined;
  const synchronous = (nonEmpty(env.SQLITE_SYNCHRONOUS) ?? 'FULL').toUpperCase();
  if (synchronous !== 'FULL' && synchronous !== 'NORMAL')
    throw new ConfigError('SQLITE_SYNCHRONOUS', 'expected FULL or NORMAL');
  return {
    nodeEnv,
    production,
    host: nonEmpty(env.HOST) ?? '127.0.0.1',
    port: parseInteger(env, 'PORT', 3000, 0, 65535),
    dataDir: resolve(nonEmpty(env.DATA_DIR) ?? './data'),
    eventStoreUrl,
    mongoUrl,
    redisUrl: parseUrl(env, 'REDIS_URL', ['redis', 'rediss']),
    dataKey: nonEmpty(env.DATA_KEY),
    jwtSecret: nonEmpty(env.JWT_SECRET),
    jwtJwksUrl: parseUrl(env, 'JWT_JWKS_URL', ['https', 'http']),
    jwtIssuer: nonEmpty(env.JWT_ISSUER),
    graphqlIntrospection: parseBoolean(env, 'GRAPHQL_INTROSPECTION', embedded && !production),
    runWorkerInProcess: parseBoolean(env, 'RUN_WORKER_IN_PROCESS', eventStoreUrl === undefined),
    sqliteSynchronous: synchronous,
    logLevel: parseLogLevel(env),
    volunteerClientLimit: parseInteger(env, 'VOLUNTEER_CLIENT_LIMIT', 2, 1, 20),
    mutationRateLimitPerMinute: parseInteger(env, 'MUTATION_RATE_LIMIT', 600, 1, 1_000_000),
    certificates: parseCertificates(env),
    reminderSweepCron: parseCron(env, 'REMINDER_SWEEP_CRON', '30 3 * * *'),
  };
}
