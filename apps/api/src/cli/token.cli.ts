import type { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import {
  ConfigError,
  loadConfig,
  mintToken,
  REGIONS,
  ROLES,
  type AppConfig,
  type Region,
  type Role,
} from '@app/platform';
import { storedJwtSecret } from '../platform/secrets';
import { isParseArgsError, usageMessageOf } from './cli-errors';

const USAGE =
  'usage: npm run token -- --role COORDINATOR|AUDITOR|ADMIN [--region PRAGUE|CENTRAL_BOHEMIA|LIBEREC ...] [--sub NAME] [--expires 12h]';

/** A narrower grammar than jose's (which also takes `2 hours ago`): a development token never starts expired. */
const EXPIRES = /^[1-9]\d*[smhdw]$/;

export interface TokenMainDeps {
  readonly argv: readonly string[];
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly stdout: Writable;
  readonly stderr: Writable;
}

/** Bad arguments: the message, then the usage. */
class TokenUsageError extends Error {}

/** Nothing wrong with the arguments, but nothing to sign with: one line saying what to do, no usage around it. */
class NoSecretError extends Error {}

interface TokenRequest {
  readonly role: Role;
  readonly regions: readonly Region[];
  readonly subject: string;
  readonly expires: string;
}

function parseTokenArgs(argv: readonly string[]): TokenRequest | 'help' {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      role: { type: 'string' },
      region: { type: 'string', multiple: true, default: [] },
      sub: { type: 'string', default: 'developer' },
      expires: { type: 'string', default: '12h' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return 'help';
  const role = values.role as Role | undefined;
  if (role === undefined || !ROLES.includes(role))
    throw new TokenUsageError(`--role must be one of ${ROLES.join(', ')}`);
  const regions = values.region as Region[];
  const unknown = regions.filter((region) => !REGIONS.includes(region));
  // The value is not repeated: usage errors name options, never what was typed into them.
  if (unknown.length > 0) throw new TokenUsageError(`--region must be one of ${REGIONS.join(', ')}`);
  if (role === 'COORDINATOR' && regions.length === 0)
    throw new TokenUsageError('a coordinator needs at least one --region');
  if (!EXPIRES.test(values.expires))
    throw new TokenUsageError(
      '--expires must be a whole number and a unit (s, m, h, d or w), e.g. 12h or 7d',
    );
  // The service refuses a token without a subject: minting one would only defer the error to the first request.
  if (values.sub.trim() === '') throw new TokenUsageError('--sub must not be empty');
  return { role, regions, subject: values.sub, expires: values.expires };
}

/**
 * The secret the running service verifies with. Never generated here: a secret made up by this command would
 * sign tokens that the service, which generates its own on first start, refuses.
 */
function jwtSecretOf(config: AppConfig): string {
  // Checked first: with JWT_JWKS_URL set the service verifies through the provider alone, even if JWT_SECRET
  // is set as well, so a token signed with the secret would be refused.
  if (config.jwtJwksUrl !== undefined)
    throw new NoSecretError(
      'JWT_JWKS_URL is set: tokens come from that identity provider, not from this command',
    );
  if (config.jwtSecret !== undefined) return config.jwtSecret;
  // Production verifies with JWT_SECRET or JWT_JWKS_URL only (secrets.ts): a generated secret signs nothing it accepts.
  if (config.production)
    throw new NoSecretError('production verifies tokens with JWT_SECRET or JWT_JWKS_URL; set JWT_SECRET');
  const secret = storedJwtSecret(config.dataDir) ?? '';
  if (secret === '')
    throw new NoSecretError(
      `no JWT secret in ${config.dataDir}: start the service once on this DATA_DIR, or set JWT_SECRET`,
    );
  return secret;
}

/** Prints a development token signed with the service's secret; the token alone is the last line of stdout. */
export async function tokenMain(deps: TokenMainDeps): Promise<number> {
  try {
    const request = parseTokenArgs(deps.argv);
    if (request === 'help') {
      deps.stdout.write(`${USAGE}\n`);
      return 0;
    }
    const secret = jwtSecretOf(loadConfig(deps.env));
    const token = await mintToken(
      secret,
      { subject: request.subject, role: request.role, regions: request.regions },
      request.expires,
    );
    deps.stdout.write(`${token}\n`);
    return 0;
  } catch (error) {
    if (error instanceof TokenUsageError || isParseArgsError(error)) {
      deps.stderr.write(`${usageMessageOf(error)}\n${USAGE}\n`);
      return 2;
    }
    if (error instanceof ConfigError || error instanceof NoSecretError) {
      deps.stderr.write(`${error.message}\n`);
      return 2;
    }
    throw error;
  }
}

if (require.main === module) {
  tokenMain({
    argv: process.argv.slice(2),
    env: process.env,
    stdout: process.stdout,
    stderr: process.stderr,
  }).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(`token failed: ${error instanceof Error ? error.name : 'error'}`);
      process.exitCode = 1;
    },
  );
}
