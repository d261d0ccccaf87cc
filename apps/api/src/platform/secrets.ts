import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
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

/** The secret the embedded default generated into `dataDir` on its first start, if it did. */
export function storedJwtSecret(dataDir: string): string | undefined {
  const file = jwtSecretFile(dataDir);
  return existsSync(file) ? readFileSync(file, 'utf8').trim() : undefined;
}

/**
 * On the embedded default nobody has to configure a JWT secret: the first start generates one into DATA_DIR
 * (mode 0600) and says how to mint a development token. Production sets JWT_SECRET or JWT_JWKS_URL.
 */
export function resolveJwtSecret(config: AppConfig, logger: Logger): string | undefined {
  if (config.jwtSecret !== undefined || config.jwtJwksUrl !== undefined) return config.jwtSecret;
  const stored = storedJwtSecret(config.dataDir);
  if (stored !== undefined) return stored;
  if (config.production) return undefined;
  const file = jwtSecretFile(config.dataDir);
  mkdirSync(config.dataDir, { recursive: true });
  writeFileSync(file, randomBytes(32).toString('base64url'), { mode: 0o600 });
  logger.info(
    { file },
    `Generated a JWT secret for the embedded default. Mint a development token with: ${tokenCommand(config.dataDir)}`,
  );
  return readFileSync(file, 'utf8').trim();
}
