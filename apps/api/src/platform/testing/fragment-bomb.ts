/**
 * `{...F1}` where each fragment spreads the next `width` times and the last selects `leaf`: width^(levels-1)
 * selections once spread, in a few hundred bytes.
 */
export function fragmentBomb(levels: number, width: number, leaf: string): string {
  const fragments = Array.from({ length: levels }, (_, index) => {
    const level = index + 1;
    const body =
      level === levels
        ? leaf
        : Array(width)
            .fill(`...F${level + 1}`)
            .join(' ');
    return `fragment F${level} on Query { ${body} }`;
  });
  return `{ ...F1 } ${fragments.join(' ')}`;
}
