/**
 * What of an error may reach a log line or a metric: its class name and its stable code. Never its message,
 * which is free text and may quote input, personal data included.
 */
export const errorNameOf = (error: unknown): string => (error instanceof Error ? error.name : typeof error);

/** The stable code an error carries (`CONSENT.NOT_IN_FORCE`, `EVENT_STORE.WRITER_STOPPED`), or null. */
export const errorCodeOf = (error: unknown): string | null => {
  const code: unknown = error instanceof Error ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : null;
};
