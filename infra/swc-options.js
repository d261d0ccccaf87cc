// The one swc configuration of the project is .swcrc (Nest's swc builder reads it too). infra/register.js
// compiles the running sources with it and jest.config.js the tests, so what is tested is compiled exactly as
// what runs; `swcrc: false` because the settings are passed in and must not be looked up again per file.
const { readFileSync } = require('node:fs');
const { join } = require('node:path');

const { $schema: _schema, ...options } = JSON.parse(readFileSync(join(__dirname, '..', '.swcrc'), 'utf8'));

exports.SWC_OPTIONS = { ...options, swcrc: false };
