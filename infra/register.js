// Runs the TypeScript sources directly (swc: decorators with metadata, `@app/*` path aliases from
// tsconfig.json), so the embedded default starts with `npm start` and no build step.
const Module = require('node:module');
const { join } = require('node:path');
const { SQLITE_DRIVER } = require('./sqlite-driver');

process.env.SWC_NODE_PROJECT ??= join(__dirname, '..', 'tsconfig.json');
require('@swc-node/register');

if (SQLITE_DRIVER !== 'better-sqlite3') {
  const resolveFilename = Module._resolveFilename;
  Module._resolveFilename = function resolveSqliteDriver(request, ...rest) {
    return resolveFilename.call(this, request === 'better-sqlite3' ? SQLITE_DRIVER : request, ...rest);
  };
}
