// The writer thread starts in a fresh V8 context: it loads the TypeScript sources through the project's
// loader (infra/register.js, ADR 8), as every process of the product does.
require('../../../../../infra/register.js');
require('./sqlite-document-writer.thread.ts');
