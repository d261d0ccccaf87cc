import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Logger } from 'pino';
import type { AppConfig } from '@app/platform';

/** The command that mints a token with the secret in `dataDir`: it names the directory unless it is the default. */
export function tokenCommand(dataDir: string): string {
  const command = 'npm run token -- --role COORDINATOR --region PRAGUE';
  if (dataDir === resolve('data')) return command;
  const quoted = /^[\w./-]+$/.test(dataDir) ? dataDir : `'${dataDir.replace(/'/g, `'\\''`)}'`;
  return `DATA_DIR=${quoted} ${command}`;
}

const jwtSecretFile = (dataDir: string): string => join(dataDir, 'jwt.secret');

/**
 * The secret the embedded default generated into `dataDir` on its first start, if it did. An empty file (a first
 * start stopped between creating and writing it) is no secret: HS256 with an empty key lets anyone sign tokens.
 */
export function storedJwtSecret(dataDir: string): string | undefined {
  const file = jwtSecretFile(dataDir);
  const secret = existsSync(file) ? readFileSync(file, 'utf8').trim() : '';
  return secret === '' ? undefined : secret;
}

/**
 * On the embedded default nobody has to configure a JWT secret: the first start generates one into DATA_DIR
 * (mode 0600) and says how to mint a development token. Production sets JWT_SECRET or JWT_JWKS_URL, and never
 * falls back on a generated secret, even one a development start left in its DATA_DIR.
 */
export function resolveJwtSecret(config: AppConfig, logger: Logger): string | undefined {
  if (config.jwtSecret !== undefined || config.jwtJwksUrl !== undefined) return config.jwtSecret;
  if (config.production) return undefined;
  const stored = storedJwtSecret(config.dataDir);
  if (stored !== undefined) return stored;
  const file = jwtSecretFile(config.dataDir);
  const secret = randomBytes(32).toString('base64url');
  mkdirSync(config.dataDir, { recursive: true });
  // Written whole under another name, then renamed: the file is never seen empty or half written, and it has
  // mode 0600 from its creation even where an empty one was left behind.
  const written = `${file}.${process.pid}.tmp`;
  writeFileSync(written, secret, { mode: 0o600 });
  renameSync(written, file);
  logger.info(
    { file },
    `Generated a JWT secret for the embedded default. Mint a development token with: ${tokenCommand(config.dataDir)}`,
  );
  return secret;
}
