/**
 * A value as text that depends only on what it says: object keys in a fixed order, and null, absent and empty
 * objects alike (GraphQL lets a client send `null`, omit a field or send `{}` for the same request). Array
 * order is kept, since it can carry meaning. `undefined` for a value that says nothing at all.
 */
export function canonicalText(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  // Its own keys are none: without this every date would read as absent.
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map((item) => canonicalText(item) ?? 'null').join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.keys(value)
      .sort()
      .flatMap((key) => {
        const text = canonicalText((value as Record<string, unknown>)[key]);
        return text === undefined ? [] : [`${JSON.stringify(key)}:${text}`];
      });
    return entries.length === 0 ? undefined : `{${entries.join(',')}}`;
  }
  return JSON.stringify(value);
}
