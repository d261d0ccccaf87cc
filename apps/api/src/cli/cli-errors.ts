/**
 * node's `parseArgs` refusing an option or its value: a usage error of the command, like the commands' own.
 * By shape, not `instanceof Error`: node's own errors come from another realm under jest.
 */
export const isParseArgsError = (error: unknown): error is Error =>
  typeof error === 'object' &&
  error !== null &&
  'code' in error &&
  String(error.code).startsWith('ERR_PARSE_ARGS');
