import { parseArgs } from 'node:util';
import { createLogger, loadConfig, mintToken, REGIONS, ROLES, type Region, type Role } from '@app/platform';
import { resolveJwtSecret } from '../platform/secrets';

const USAGE =
  'usage: npm run token -- --role COORDINATOR|AUDITOR|ADMIN [--region PRAGUE|CENTRAL_BOHEMIA|LIBEREC ...] [--sub NAME] [--expires 12h]';

/** Prints a development token signed with the configured (or embedded) secret; the token alone is the last line. */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      role: { type: 'string' },
      region: { type: 'string', multiple: true, default: [] },
      sub: { type: 'string', default: 'developer' },
      expires: { type: 'string', default: '12h' },
    },
  });
  const role = values.role as Role | undefined;
  if (role === undefined || !ROLES.includes(role))
    throw new Error(`--role must be one of ${ROLES.join(', ')}\n${USAGE}`);
  const regions = values.region as Region[];
  const unknown = regions.filter((region) => !REGIONS.includes(region));
  if (unknown.length > 0) throw new Error(`unknown --region ${unknown.join(', ')}\n${USAGE}`);
  if (role === 'COORDINATOR' && regions.length === 0)
    throw new Error(`a coordinator needs at least one --region\n${USAGE}`);

  const config = loadConfig();
  const logger = createLogger('warn', process.stderr);
  const secret = resolveJwtSecret(config, logger);
  if (secret === undefined)
    throw new Error(
      'No JWT secret: set JWT_SECRET (tokens for a JWKS identity provider come from that provider)',
    );
  process.stdout.write(
    `${await mintToken(secret, { subject: values.sub, role, regions }, values.expires)}\n`,
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(2);
});
