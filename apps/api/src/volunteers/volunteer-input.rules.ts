/** Shapes checked at the edge, mirroring the domain's own rules so that the caller hears about a field early. */
export const REASON_CODE = /^[A-Z][A-Z0-9_]*(\.[A-Z][A-Z0-9_]*)?$/;

export const LANGUAGE_CODE = /^[a-z]{2}$/;

export const IDEMPOTENCY_KEY_DESCRIPTION =
  'Idempotency key: re-sending the same command returns its earlier result and records nothing new.';
