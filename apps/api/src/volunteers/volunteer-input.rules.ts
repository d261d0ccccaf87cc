/** Shapes checked at the edge, mirroring the domain's own rules so that the caller hears about a field early. */
export const LANGUAGE_CODE = /^[a-z]{2}$/;
