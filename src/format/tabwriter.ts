// Column alignment with Go's text/tabwriter algorithm (tab-terminated cells, column blocks, minwidth, padding).

export interface TabwriterOptions {
  /** Minimal cell width including padding (podman: 12). */
  minwidth?: number;
  /** Added to the widest cell of a column (podman: 2). */
  padding?: number;
  padchar?: string;
  /** Go's tabwriter.AlignRight. */
  alignRight?: boolean;
  /** Go's tabwriter.DiscardEmptyColumns. */
  discardEmptyColumns?: boolean;
}

/** Podman's report writer settings: tabwriter.NewWriter(w, 12, 2, 2, ' ', 0). */
export const PODMAN_TABWRITER: Required<TabwriterOptions> = {
  minwidth: 12, padding: 2, padchar: ' ', alignRight: false, discardEmptyColumns: false,
};

const width = (s: string) => [...s].length; // Go counts runes

/**
 * Aligns text the way a tabwriter.Writer would after Write(text) and Flush(): every '\t' terminates a cell,
 * the text after a line's last tab is not part of any column, and a column block ends at the first line
 * that has no cell in that column.
 */
export function tabwrite(text: string, opts: TabwriterOptions = PODMAN_TABWRITER): string {
  const o = { ...PODMAN_TABWRITER, ...opts };
  const lines = text.split('\n').map((l) => l.split('\t'));
  const out: string[] = [];
  const widths: number[] = [];

  const writeLines = (line0: number, line1: number) => {
    for (let i = line0; i < line1; i++) {
      const cells = lines[i]!;
      let s = '';
      cells.forEach((c, j) => {
        const w = width(c);
        const colw = widths[j];
        if (colw === undefined) { s += c; return; } // trailing cell: not aligned
        const fill = o.padchar.repeat(Math.max(colw - w, 0));
        s += o.alignRight ? fill + c : c + fill;
      });
      out.push(s);
    }
  };

  const format = (line0: number, line1: number): void => {
    const column = widths.length;
    for (let i = line0; i < line1; i++) {
      if (column >= lines[i]!.length - 1) continue;
      // A cell exists in this column: write the lines before it, then size the column over its block.
      writeLines(line0, i);
      line0 = i;
      let w = o.minwidth;
      let discardable = true;
      for (; i < line1; i++) {
        const cells = lines[i]!;
        if (column >= cells.length - 1) break;
        const cw = width(cells[column]!);
        if (cw + o.padding > w) w = cw + o.padding;
        if (cw > 0) discardable = false;
      }
      if (discardable && o.discardEmptyColumns) w = 0;
      widths.push(w);
      format(line0, i);
      widths.pop();
      line0 = i;
      i--; // the loop's i++ must re-examine line i
    }
    writeLines(line0, line1);
  };

  format(0, lines.length);
  return out.join('\n');
}

/** Aligns rows of cells: each row becomes one line, every cell but the last tab-terminated. */
export function alignColumns(rows: readonly (readonly string[])[], opts?: TabwriterOptions): string {
  if (rows.length === 0) return '';
  return tabwrite(rows.map((r) => r.join('\t')).join('\n') + '\n', opts);
}
