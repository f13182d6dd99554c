// An arrow-key selection list on the terminal, drawn as podman 4.3's short-name prompt draws it (pure frames + driver).
import { BerthError } from '../util/errors.ts';

/** Rows shown at once; the list scrolls, with ↑/↓ in the first column when more lies above/below. */
export const PAGE_SIZE = 5;

export interface SelectState {
  items: readonly string[];
  /** Index of the highlighted item. */
  cursor: number;
  /** Index of the first visible item. */
  top: number;
}

export type SelectKey = 'up' | 'down' | 'page-up' | 'page-down' | 'enter' | 'interrupt' | 'eof' | 'other';

const ESC = '\x1b[';
const HIDE_CURSOR = `${ESC}?25l`;
const SHOW_CURSOR = `${ESC}?25h`;
const CLEAR_LINE = `${ESC}2K\r`;
const UP = `${ESC}1A`;
const DOWN = `${ESC}1B`;

/** The keys a chunk of raw terminal input holds, in order (arrows, vi keys j/k, enter, ^C, ^D). */
export function decodeKeys(chunk: string): SelectKey[] {
  const keys: SelectKey[] = [];
  for (let i = 0; i < chunk.length; ) {
    const seq = /^\x1b(?:\[|O)([ABCD])/.exec(chunk.slice(i));
    if (seq) {
      keys.push(({ A: 'up', B: 'down', C: 'page-down', D: 'page-up' } as const)[seq[1] as 'A' | 'B' | 'C' | 'D']);
      i += seq[0].length;
      continue;
    }
    const c = chunk[i]!;
    i++;
    if (c === '\r' || c === '\n') keys.push('enter');
    else if (c === '\x03') keys.push('interrupt');
    else if (c === '\x04') keys.push('eof');
    else if (c === 'k') keys.push('up');
    else if (c === 'j') keys.push('down');
    else keys.push('other');
  }
  return keys;
}

/** The state after a movement key (no wrapping at either end; the window follows the cursor). */
export function move(s: SelectState, key: SelectKey): SelectState {
  const last = s.items.length - 1;
  let cursor = s.cursor;
  if (key === 'up') cursor = Math.max(0, cursor - 1);
  else if (key === 'down') cursor = Math.min(last, cursor + 1);
  else if (key === 'page-up') cursor = Math.max(0, cursor - PAGE_SIZE);
  else if (key === 'page-down') cursor = Math.min(last, cursor + PAGE_SIZE);
  let top = s.top;
  if (cursor < top) top = cursor;
  if (cursor >= top + PAGE_SIZE) top = cursor - PAGE_SIZE + 1;
  return { items: s.items, cursor, top };
}

/** The visible rows: `?` label, then the window with the highlighted item marked and underlined. */
export function frameLines(label: string, s: SelectState): string[] {
  const end = Math.min(s.items.length, s.top + PAGE_SIZE);
  const rows = [`${ESC}34m?${ESC}0m ${label}: `];
  for (let i = s.top; i < end; i++) {
    const more = i === s.top && s.top > 0 ? '↑' : i === end - 1 && end < s.items.length ? '↓' : ' ';
    const item = s.items[i]!;
    rows.push(i === s.cursor ? `${more} ${ESC}1m▸${ESC}0m ${ESC}4m${item}${ESC}0m` : `${more}   ${item}`);
  }
  return rows;
}

// Lines end in a bare \n: the terminal's ONLCR (kept on in Node's raw mode) makes it the \r\n podman writes.

/** First drawing: hides the cursor and writes the rows. */
export function firstFrame(label: string, s: SelectState): string {
  return `${HIDE_CURSOR}${frameLines(label, s).map((l) => `${CLEAR_LINE}${l}\n`).join('')}${ESC}J`;
}

/** Redraws in place over the previous frame of `rows` lines (the cursor sits on the line below it). */
export function redraw(label: string, s: SelectState, rows: number): string {
  return `${ESC}J${UP.repeat(rows)}${frameLines(label, s).map((l) => `${CLEAR_LINE}${l}${DOWN}`).join('')}`;
}

/** Erases the frame; then the chosen item (green check, faint name), or just a new line when cancelled. */
export function finalFrame(rows: number, chosen: string | undefined): string {
  const done = chosen === undefined ? '\n' : `${ESC}32m${ESC}32m✔${ESC}0m ${ESC}2m${chosen}${ESC}0m\n`;
  return `${`${UP}${CLEAR_LINE}`.repeat(rows)}${CLEAR_LINE}${done}${SHOW_CURSOR}${ESC}J`;
}

export interface SelectIO {
  input: NodeJS.ReadStream;
  output: { write(s: string): unknown };
}

/**
 * Asks the user to pick one of `items` with the arrow keys (or j/k) and enter; rejects with podman's `^C` / `^D`
 * errors when interrupted. `io.input` must be a terminal: it is put in raw mode for the duration.
 */
export function selectOne(label: string, items: readonly string[], io: SelectIO): Promise<string> {
  if (items.length === 0) return Promise.reject(new BerthError('internal', 'nothing to select from'));
  let state: SelectState = { items, cursor: 0, top: 0 };
  let rows = frameLines(label, state).length;
  const { input, output } = io;
  const wasRaw = input.isRaw;
  return new Promise<string>((resolve, reject) => {
    const finish = (chosen: string | undefined, err?: BerthError) => {
      input.off('data', onData);
      input.setRawMode(wasRaw);
      input.pause();
      output.write(finalFrame(rows, chosen));
      if (err) reject(err);
      else resolve(chosen!);
    };
    const onData = (b: Buffer) => {
      for (const key of decodeKeys(b.toString('utf8'))) {
        if (key === 'enter') return finish(state.items[state.cursor]);
        if (key === 'interrupt') return finish(undefined, new BerthError('invalid-argument', '^C'));
        if (key === 'eof') return finish(undefined, new BerthError('invalid-argument', '^D'));
        if (key === 'other') continue;
        state = move(state, key);
        output.write(redraw(label, state, rows));
        rows = frameLines(label, state).length;
      }
    };
    input.setRawMode(true);
    input.on('data', onData);
    input.resume();
    output.write(firstFrame(label, state));
  });
}
