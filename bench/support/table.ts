export type Cell = string | number | null;

export interface Column<Row> {
  readonly header: string;
  readonly value: (row: Row) => Cell;
  /** Numbers read best right-aligned, names left-aligned. */
  readonly align?: 'left' | 'right';
}

const formatCell = (cell: Cell): string => {
  if (cell === null) return '—';
  if (typeof cell === 'number') return Math.round(cell).toLocaleString('en-US');
  return cell;
};

/** A Markdown table, so that the same text can be pasted into `docs/benchmarks.md` unchanged. */
export function formatTable<Row>(rows: readonly Row[], columns: readonly Column<Row>[]): string {
  const cells = rows.map((row) => columns.map((column) => formatCell(column.value(row))));
  const widths = columns.map((column, index) =>
    Math.max(column.header.length, 3, ...cells.map((line) => (line[index] ?? '').length)),
  );
  const pad = (text: string, index: number): string => {
    const width = widths[index] ?? text.length;
    return columns[index]?.align === 'right' ? text.padStart(width) : text.padEnd(width);
  };
  const line = (texts: readonly string[]): string => `| ${texts.map(pad).join(' | ')} |`;
  const rule = `|${widths
    .map((width, index) =>
      columns[index]?.align === 'right' ? `${'-'.repeat(width + 1)}:` : '-'.repeat(width + 2),
    )
    .join('|')}|`;
  return [line(columns.map((column) => column.header)), rule, ...cells.map(line)].join('\n');
}
