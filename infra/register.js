// Runs the TypeScript sources directly, so the embedded default starts with `npm start` and no build step:
// `.ts` files are compiled by swc as they are required (infra/swc-options.js, the settings jest uses too),
// and `@app/<lib>` imports resolve to `libs/<lib>/src` as tsconfig.json's paths say.
//
// A hook of our own rather than @swc-node/register, which loads the whole TypeScript compiler (about 45 MB of
// heap in every process) only to read tsconfig.json (docs/adr/0008-lighter-typescript-loader.md).
const Module = require('node:module');
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const { transformSync } = require('@swc/core');
const { SQLITE_DRIVER } = require('./sqlite-driver');
const { SWC_OPTIONS } = require('./swc-options');

const ROOT = join(__dirname, '..');
const ALIAS = /^@app\/(domain|event-store|read-models|jobs|platform)(\/.*)?$/;

// Stack traces point into the TypeScript sources through the inline source maps.
process.setSourceMapsEnabled(true);

Module._extensions['.ts'] = function compileTypeScript(module, filename) {
  const { code } = transformSync(readFileSync(filename, 'utf8'), { ...SWC_OPTIONS, filename });
  module._compile(code, filename);
};

const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function resolveProjectModules(request, ...rest) {
  const alias = ALIAS.exec(request);
  const resolved =
    alias !== null
      ? join(ROOT, 'libs', alias[1], 'src', alias[2] ?? '')
      : request === 'better-sqlite3'
        ? SQLITE_DRIVER
        : request;
  return resolveFilename.call(this, resolved, ...rest);
};
