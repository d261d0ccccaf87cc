import {
  GraphQLError,
  Kind,
  parse,
  visit,
  type ASTNode,
  type GraphQLFormattedError,
  type Source,
} from 'graphql';
import type { FieldProblem } from '../shared/validation';

/** Codes whose message is written for the client and safe to pass through. */
const SAFE_CODES = new Set([
  'BAD_USER_INPUT',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'GRAPHQL_VALIDATION_FAILED',
  'GRAPHQL_PARSE_FAILED',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'OPERATION_RESOLUTION_FAILURE',
  'TOO_MANY_REQUESTS',
  'QUERY_TOO_COMPLEX',
]);

/**
 * Codes under which graphql-js or Apollo word the message about the request itself, and may quote a value from
 * it (a variable, a literal, a token, an operation name): what is left of such a message after the rewrites
 * below is checked once more, and replaced by a generic one if it still seems to quote the request.
 */
const REQUEST_CODES = new Set([
  'BAD_USER_INPUT',
  'GRAPHQL_VALIDATION_FAILED',
  'GRAPHQL_PARSE_FAILED',
  'BAD_REQUEST',
  'OPERATION_RESOLUTION_FAILURE',
]);

/** Domain rejection codes look like `CONSENT.NOT_IN_FORCE`. */
const DOMAIN_CODE = /^[A-Z][A-Z_]*\.[A-Z][A-Z_]*$/;

const NAME = '[_A-Za-z][_0-9A-Za-z]*';
/** A type as graphql-js prints it: `Region`, `[String!]!`. */
const TYPE_REF = `\\[*${NAME}!?(?:\\]!?)*`;
/** Where in a variable a value was refused: `i.contact.phone`, `i.languages[0]`. */
const PATH = `${NAME}(?:\\.${NAME}|\\[\\d+\\])*`;

/**
 * What graphql-js quotes that comes from the schema or the shape of the document rather than from a value:
 * names, `$variables` and `@directives`, `Type.field` and `Type.field(argument:)`, type references, paths,
 * punctuators, and the `field { ... }` of its hint. An e-mail address, a date, a number or a sentence is none
 * of these.
 */
const STRUCTURAL = new RegExp(
  `^(?:[$@]?${NAME}(?:\\.${NAME}|\\[\\d+\\]|\\(${NAME}:\\))*|${TYPE_REF}|[!$&():=@\\[\\]{|}]|\\.\\.\\.|${NAME} \\{ \\.\\.\\. \\})$`,
);

/** Messages quoting a lone `"` that is not a value. */
const KNOWN_SAFE = new Set([
  'Syntax Error: Unexpected single quote character (\'), did you mean to use a double quote (")?',
]);

/** Refusals by a built-in scalar or an enum, which end with the value: `String cannot represent …: 42`. */
const CANNOT_REPRESENT = new RegExp(
  `^((?:Int|Float|String|Boolean|ID|Enum "${NAME}") cannot represent [^:"]*): [\\s\\S]*$`,
);
/** Schema names graphql-js suggests after a refusal: ` Did you mean "name"?`. */
const SUGGESTIONS = `([^"]*(?:"${NAME}"[^"]*)*)`;
const NOT_IN_ENUM = new RegExp(`^Value "[\\s\\S]*" does not exist in "(${NAME})" enum\\.${SUGGESTIONS}$`);
const NOT_DEFINED = new RegExp(`^Field "[\\s\\S]*" is not defined by type "(${NAME})"\\.${SUGGESTIONS}$`);
/** graphql-js prefixes a custom scalar's non-GraphQL error this way; the rest is not written for clients. */
const CUSTOM_SCALAR = new RegExp(`^Expected type "(${NAME})"\\. [\\s\\S]*$`);

/**
 * A reason graphql-js gives for refusing a value, without the value. Built-in scalars and enums append the value
 * they refused (`String cannot represent a non string value: 420123456789`, `Value "Jana" does not exist in
 * "Region" enum.`); a custom scalar's message is kept only when it is a GraphQLError, which is written for the
 * client.
 */
function reasonWithoutValue(reason: string): string {
  const cannotRepresent = CANNOT_REPRESENT.exec(reason);
  if (cannotRepresent !== null) return `${cannotRepresent[1]}.`;
  const notInEnum = NOT_IN_ENUM.exec(reason);
  if (notInEnum !== null) return `Value does not exist in "${notInEnum[1]}" enum.${notInEnum[2]}`;
  // The unknown field's name comes from the client's JSON, where any text can be a key.
  const notDefined = NOT_DEFINED.exec(reason);
  if (notDefined !== null) return `A field is not defined by type "${notDefined[1]}".${notDefined[2]}`;
  const customScalar = CUSTOM_SCALAR.exec(reason);
  if (customScalar !== null) return `Expected type "${customScalar[1]}".`;
  return reason;
}

/** The message of the error's first cause that the outer message ends with (`…; <reason>`), if any. */
function appendedReason(message: string, error: unknown): string | undefined {
  for (
    let cause = error;
    cause instanceof Error;
    cause = (cause as { originalError?: unknown }).originalError
  ) {
    if (cause.message !== message && message.endsWith(`; ${cause.message}`)) return cause.message;
  }
  return undefined;
}

const ECHOED_VARIABLE = new RegExp(`^(Variable "\\$${NAME}") got invalid value `);
const EXPECTED_LITERAL = new RegExp(`^Expected value of type "(${TYPE_REF})", found `);
const INVALID_ARGUMENT = new RegExp(`^(Argument "${NAME}") has invalid value `);
const AT_PATH = new RegExp(` at "(${PATH})"$`);
/** A token of the document graphql-js describes with its text (`String "Jana Novakova"`), last in the message. */
const VALUE_TOKEN = / (Int|Float|String|BlockString) "[\s\S]*"\.$/;
/** The lexer's messages end with the character or escape it stopped at. */
const LEXER_DETAIL = /^(Syntax Error: [^:"]*): [\s\S]*$/;

/** graphql-js's and Apollo's messages of known shapes, with every client-supplied value left out. */
function rewrite(message: string, error: unknown): string {
  const variable = ECHOED_VARIABLE.exec(message)?.[1];
  if (variable !== undefined) {
    // graphql-js prints the whole variable (`got invalid value { name: "…", … }`), then where in it and why.
    const reason = appendedReason(message, error);
    if (reason === undefined) return `${variable} got an invalid value`;
    const echoed = message.slice(0, message.length - reason.length - 2);
    const at = AT_PATH.exec(echoed)?.[0] ?? '';
    return `${variable} got an invalid value${at}; ${reasonWithoutValue(reason)}`;
  }
  // graphql-js appends a reason only when a custom scalar failed with an error not written for clients.
  const expected = EXPECTED_LITERAL.exec(message)?.[1];
  if (expected !== undefined) return `Expected value of type "${expected}".`;
  const argument = INVALID_ARGUMENT.exec(message)?.[1];
  if (argument !== undefined) return `${argument} has an invalid value.`;
  if (message.startsWith('Syntax Error: ')) {
    if (KNOWN_SAFE.has(message)) return message;
    return message.replace(VALUE_TOKEN, ' $1.').replace(LEXER_DETAIL, '$1.');
  }
  if (message.startsWith('Unknown operation named '))
    return 'operationName does not name an operation in the document.';
  return reasonWithoutValue(message);
}

/** How graphql-js prints a value without quotes: after `found`, or after a colon (`…value: 420123456789`). */
const PRINTED_VALUE =
  /got invalid value|has invalid value|cannot represent [^:.]*: |, found (?!(?:[A-Z][A-Za-z]*(?: "[^"]*")?|<EOF>|"[^"]*")[.,])|: [-\d"[{]/;

/**
 * Whether a message still seems to quote the request: text in quotes that is not a name, or, in graphql-js's own
 * messages, a printed value. The API's BAD_USER_INPUT messages (`first: must be between 1 and 100`) are its own
 * wording and only checked for quotes.
 */
function quotesRequest(code: string, message: string): boolean {
  if (KNOWN_SAFE.has(message)) return false;
  const pieces = message.split('"');
  if (pieces.length % 2 === 0) return true;
  if (pieces.some((piece, index) => index % 2 === 1 && !STRUCTURAL.test(piece))) return true;
  const graphqlJs = code !== 'BAD_USER_INPUT' || /^(?:Variable "\$|Argument ")/.test(message);
  return graphqlJs && PRINTED_VALUE.test(message);
}

/** What is left to say when a message cannot be freed of the request's values: whose value, where, which type. */
function genericMessage(code: string, message: string): string {
  if (code === 'GRAPHQL_PARSE_FAILED') return 'Syntax Error: the document cannot be parsed at this location.';
  const subject = new RegExp(`^(?:Variable "\\$${NAME}"|Argument "${NAME}")`).exec(message)?.[0];
  const at = new RegExp(` at "${PATH}"`).exec(message)?.[0] ?? '';
  const type = new RegExp(`type "(${TYPE_REF})"`).exec(message)?.[1];
  const expected = type === undefined ? '' : `; expected type "${type}"`;
  return `${subject === undefined ? 'Invalid value' : `${subject} got an invalid value`}${at}${expected}.`;
}

/**
 * The client's message without any value from the request: graphql-js quotes variables, literals and tokens
 * verbatim, and they may be personal data. The location, the field path and the expected type stay.
 */
export function messageWithoutValues(code: string, message: string, error?: unknown): string {
  const rewritten = rewrite(message, error);
  if (!REQUEST_CODES.has(code) || !quotesRequest(code, rewritten)) return rewritten;
  return genericMessage(code, rewritten);
}

/**
 * Apollo refuses a few requests with an HTTP 4xx status but no code (an automatic persisted query whose hash does
 * not match its text): the client's mistake, not a fault, so not an INTERNAL_SERVER_ERROR.
 */
function isUncodedRefusal(error: unknown): boolean {
  if (!(error instanceof GraphQLError) || error.extensions.code !== undefined) return false;
  const status = (error.extensions.http as { status?: unknown } | undefined)?.status;
  return typeof status === 'number' && status >= 400 && status <= 499;
}

/** Whether `formatGraphQLError` answers this error as INTERNAL_SERVER_ERROR, so that only the log can say what it was. */
export function isMaskedError(error: GraphQLError): boolean {
  if (isUncodedRefusal(error)) return false;
  const code = error.extensions.code;
  return !(typeof code === 'string' && (SAFE_CODES.has(code) || DOMAIN_CODE.test(code)));
}

/** graphql-js's own words for a value of the wrong shape: they name the field and nothing of the value. */
const SHAPE_FAULTS = [
  new RegExp(`^Cannot return null for non-nullable field ${NAME}\\.${NAME}\\.$`),
  new RegExp(`^Expected Iterable, but did not find one for field "${NAME}\\.${NAME}"\\.$`),
];
const SERIALIZE_FAULT = new RegExp(
  `^((?:Enum "${NAME}"|${NAME}) cannot represent [a-z0-9 -]*value): (.*)$`,
  's',
);

/**
 * What graphql-js reports of a resolved value it could not complete (a non-null field resolved to null, a list
 * field to a non-list, a scalar that cannot represent the value), in the schema's names only: the value is
 * reduced to its kind (`bigint`, `string`), never printed. Null for any other message.
 */
export function completionFault(message: string): string | null {
  if (SHAPE_FAULTS.some((fault) => fault.test(message))) return message;
  const serialize = SERIALIZE_FAULT.exec(message);
  if (serialize === null) return null;
  const [, fault, printed] = serialize as unknown as [string, string, string];
  // `inspect` prints a bigint as its digits: an integer refused as non-integer was one.
  const kind =
    fault.endsWith('non-integer value') && /^-?\d+$/.test(printed) ? 'bigint' : printedValueKind(printed);
  return `${fault} (value kind: ${kind})`;
}

/** The kind of a value as graphql-js's `inspect` prints it. */
function printedValueKind(printed: string): string {
  if (/^(?:-?[\d.e+-]+|NaN|-?Infinity)$/.test(printed)) return 'number';
  if (printed.startsWith('"')) return 'string';
  if (printed === 'null' || printed === 'undefined') return printed;
  // Before arrays: `inspect` prints these in brackets too.
  if (printed.startsWith('[function')) return 'function';
  if (printed.startsWith('{') || printed.startsWith('[object ')) return 'object';
  if (printed.startsWith('[')) return 'array';
  return 'other';
}

/**
 * The last gate before an error leaves the server: known codes keep their message and details; anything
 * else becomes a generic INTERNAL_SERVER_ERROR, so no stack trace, internal message or personal data leaks.
 */
const VARIABLE_REFUSAL = new RegExp(
  `^Variable "\\$(${NAME})" got an invalid value(?: at "(${PATH})")?(?:; ([\\s\\S]*))?$`,
);

/**
 * The field a refused variable names, from graphql-js's message (already free of values): the path inside the
 * variable (`input.dateOfBirth` → `dateOfBirth`), or the variable itself when the whole of it was refused.
 */
function variableProblem(message: string): FieldProblem | undefined {
  const match = VARIABLE_REFUSAL.exec(message);
  if (match === null) return undefined;
  const [, variable = '', path, reason] = match;
  const field = path === undefined ? variable : path.slice(variable.length).replace(/^\./, '');
  return { field: field === '' ? variable : field, message: reason ?? 'invalid value' };
}

/**
 * Where each value of a document sits: the position a value starts at → the path of object fields holding it
 * (or the argument's name for an argument's own value). Built once per document, in one walk: a document may
 * carry a hundred invalid literals, and each of their errors asks.
 */
const valueFields = new WeakMap<Source, ReadonlyMap<number, string>>();
const LITERAL_LOOKUP_MAX_BYTES = 10_000;

function valueFieldsOf(source: Source): ReadonlyMap<number, string> {
  let fields = valueFields.get(source);
  if (fields !== undefined) return fields;
  const found = new Map<number, string>();
  fields = found;
  try {
    const names: string[] = [];
    visit(parse(source), {
      enter(node: ASTNode) {
        if (node.kind === Kind.OBJECT_FIELD) names.push(node.name.value);
        if (
          (node.kind === Kind.OBJECT_FIELD || node.kind === Kind.ARGUMENT) &&
          node.value.loc !== undefined
        ) {
          found.set(node.value.loc.start, names.length > 0 ? names.join('.') : node.name.value);
        }
        return undefined;
      },
      leave(node: ASTNode) {
        if (node.kind === Kind.OBJECT_FIELD) names.pop();
        return undefined;
      },
    });
  } catch {
    found.clear();
  }
  valueFields.set(source, fields);
  return fields;
}

/**
 * The field of an invalid literal in the document (`registerClient(input: { dateOfBirth: "1990-02-30" })`):
 * graphql-js and the API's scalars point at the value only, so the field is found by the value's position.
 */
function literalProblem(message: string, error: unknown): FieldProblem | undefined {
  if (!(error instanceof GraphQLError)) return undefined;
  const position = error.positions?.[0];
  // Parsing the document again costs as much as its size: refused before sign-in, a large one would cost the
  // server twice what it cost the sender. A mutation written with literals is a few hundred bytes.
  if (
    position === undefined ||
    error.source === undefined ||
    error.source.body.length > LITERAL_LOOKUP_MAX_BYTES
  )
    return undefined;
  const field = valueFieldsOf(error.source).get(position);
  return field === undefined ? undefined : { field, message };
}

export function formatGraphQLError(formatted: GraphQLFormattedError, error?: unknown): GraphQLFormattedError {
  const code = isUncodedRefusal(error)
    ? 'BAD_REQUEST'
    : typeof formatted.extensions?.code === 'string'
      ? formatted.extensions.code
      : undefined;
  if (code !== undefined && (SAFE_CODES.has(code) || DOMAIN_CODE.test(code))) {
    const { stacktrace: _stacktrace, exception: _exception, ...extensions } = formatted.extensions ?? {};
    const message = messageWithoutValues(code, formatted.message, error);
    // A value refused before the input's own validation (a scalar, an enum, a missing field) names its field as
    // the input's validation does, so a client finds every invalid field in one place.
    const problem =
      extensions.fields === undefined
        ? code === 'BAD_USER_INPUT'
          ? variableProblem(message)
          : code === 'GRAPHQL_VALIDATION_FAILED'
            ? literalProblem(message, error)
            : undefined
        : undefined;
    return {
      message,
      locations: formatted.locations,
      path: formatted.path,
      extensions: { ...extensions, code, ...(problem === undefined ? {} : { fields: [problem] }) },
    };
  }
  return {
    message: 'Internal server error',
    locations: formatted.locations,
    path: formatted.path,
    extensions: { code: 'INTERNAL_SERVER_ERROR' },
  };
}

const SUGGESTION = / ?Did you mean [^?]*\?$/;

/**
 * The formatter for a server without introspection: graphql-js's "Did you mean …?" names the schema's fields
 * and enum values one guess at a time, before any sign-in, in validation errors (which Apollo's
 * `hideSchemaDetailsFromClientErrors` cleans) and in the refusals of variables (which it does not).
 */
export function formatGraphQLErrorWithoutSuggestions(
  formatted: GraphQLFormattedError,
  error?: unknown,
): GraphQLFormattedError {
  const answer = formatGraphQLError(formatted, error);
  const fields: unknown = answer.extensions?.fields;
  return {
    ...answer,
    message: answer.message.replace(SUGGESTION, ''),
    ...(Array.isArray(fields)
      ? {
          extensions: {
            ...answer.extensions,
            fields: (fields as FieldProblem[]).map((problem) => ({
              ...problem,
              message: problem.message.replace(SUGGESTION, ''),
            })),
          },
        }
      : {}),
  };
}
