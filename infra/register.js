// Runs the TypeScript sources directly (swc: decorators with metadata, `@app/*` path aliases from
// tsconfig.json), so the embedded default starts with `npm start` and no build step.
const { join } = require('node:path');

process.env.SWC_NODE_PROJECT ??= join(__dirname, '..', 'tsconfig.json');
require('@swc-node/register');
