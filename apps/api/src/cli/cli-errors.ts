/**
 * node's `parseArgs` refusing an option or its value: a usage error of the command, like the commands' own.
 * By shape, not `instanceof Error`: node's own errors come from another realm under jest.
 */
export const isParseArgsError = (error: unknown): error is Error =>
  typeof error === 'object' &&
  error !== null &&
  'code' in error &&
  String(error.code).startsWith('ERR_PARSE_ARGS');

const OPTION_NAME = /'(--?[A-Za-z][A-Za-z-]*)'/;

/**
 * What to tell the operator about a usage error. node's `parseArgs` quotes the argument it refused, and that
 * may be a value typed in the wrong place (`--client Jana Nováková` leaves `Nováková` as an unexpected
 * argument): only an option's name is repeated, never a value.
 */
export function usageMessageOf(error: Error): string {
  const code: unknown = (error as { code?: unknown }).code;
  if (typeof code !== 'string' || !code.startsWith('ERR_PARSE_ARGS')) return error.message;
  const option = OPTION_NAME.exec(error.message)?.[1];
  switch (code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return option === undefined ? 'unknown option' : `unknown option ${option}`;
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return 'unexpected argument: every value follows its option, and a value with spaces is quoted';
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return option === undefined
        ? 'an option is missing its value, or was given one it does not take'
        : `${option} is missing its value, or was given one it does not take`;
    default:
      return 'the arguments could not be read';
  }
}
