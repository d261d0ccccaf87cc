/**
 * What an operator may read of an unexpected error: its class, its code and where it was thrown, never its
 * message, which may quote input values (personal data among them).
 */
export interface UnexpectedErrorFacts {
  readonly err: string;
  readonly code: unknown;
  /** The first stack frames, without the stack's first line: that line repeats the message. */
  readonly frames: readonly string[];
}

export function describeUnexpected(error: unknown): UnexpectedErrorFacts {
  if (!(error instanceof Error)) return { err: typeof error, code: null, frames: [] };
  return {
    err: error.name,
    code: (error as { code?: unknown }).code ?? null,
    frames:
      error.stack
        ?.split('\n')
        .filter((line) => /^\s+at /.test(line))
        .slice(0, 5)
        .map((frame) => frame.trim()) ?? [],
  };
}
