/**
 * Run by register.spec.ts through `node -r ./infra/register.js`: prints what the loader gave it, as JSON.
 */
import { PERSONAL_DATA_FIELDS } from '@app/domain';
import { GENESIS_HASH } from '@app/event-store/hash-chain';
import Database from 'better-sqlite3';

class DecoratedProbe {
  constructor(readonly name: string) {}
}

const where = new Error('probe').stack?.split('\n')[1] ?? '';
process.stdout.write(
  `${JSON.stringify({
    domainLoaded: typeof PERSONAL_DATA_FIELDS === 'object',
    subpathLoaded: typeof GENESIS_HASH === 'string',
    sqliteOpens: new Database(':memory:').prepare('SELECT 1 AS one').get(),
    className: DecoratedProbe.name,
    where,
  })}\n`,
);
