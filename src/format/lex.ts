// Lexer for Go text/template syntax: splits a template into text and action tokens ({{ }}), with trim markers and comments.

export type ItemType =
  | 'text' | 'left' | 'right' | 'space' | 'field' | 'variable' | 'identifier' | 'keyword' | 'string' | 'rawString'
  | 'char' | 'charConstant' | 'number' | 'bool' | 'nil' | 'dot' | 'pipe' | 'lparen' | 'rparen' | 'declare' | 'assign'
  | 'comment' | 'eof';

export interface Item {
  type: ItemType;
  val: string;
  /** Byte-ish offset (UTF-16 index) into the template text, as Go's Pos. */
  pos: number;
}

/** A lexing or parsing failure; the parser turns it into Go's `template: name:line: msg` wording. */
export class TemplateSyntaxError extends Error {
  readonly pos: number;
  constructor(message: string, pos: number) {
    super(message);
    this.pos = pos;
  }
}

const KEYWORDS = new Set(['block', 'break', 'continue', 'define', 'else', 'end', 'if', 'range', 'template', 'with']);
const isSpace = (c: string | undefined) => c === ' ' || c === '\t' || c === '\r' || c === '\n';
const isAlnum = (c: string | undefined) => c !== undefined && /^[\p{L}\p{Nd}_]$/u.test(c);

/** Go's %#U rendering of a character, used in "bad character" errors. */
export function quoteRune(c: string): string {
  const cp = c.codePointAt(0) ?? 0;
  const hex = cp.toString(16).toUpperCase().padStart(4, '0');
  return /\p{L}|\p{N}|\p{P}|\p{S}/u.test(c) ? `U+${hex} '${c}'` : `U+${hex}`;
}

export function lex(input: string): Item[] {
  const items: Item[] = [];
  let pos = 0;
  let trimNextText = false;
  while (pos <= input.length) {
    const open = input.indexOf('{{', pos);
    let text = input.slice(pos, open < 0 ? undefined : open);
    if (trimNextText) text = text.replace(/^[ \t\r\n]+/, '');
    const leftTrim = open >= 0 && input[open + 2] === '-' && isSpace(input[open + 3]);
    if (leftTrim) text = text.replace(/[ \t\r\n]+$/, '');
    if (text) items.push({ type: 'text', val: text, pos });
    if (open < 0) break;
    pos = lexAction(input, open, leftTrim, items);
    const last = items[items.length - 1]!;
    trimNextText = last.val === '-}}';
    if (trimNextText) last.val = '}}';
  }
  items.push({ type: 'eof', val: '', pos: input.length });
  return items;
}

/** Lexes one action starting at `start` ('{{'); returns the position after its closing delimiter. */
function lexAction(input: string, start: number, leftTrim: boolean, items: Item[]): number {
  let pos = start + 2 + (leftTrim ? 2 : 0);
  if (input.startsWith('/*', pos)) {
    const end = input.indexOf('*/', pos + 2);
    if (end < 0) throw new TemplateSyntaxError('unclosed comment', start);
    let after = end + 2;
    let rightTrim = false;
    if (isSpace(input[after]) && input[after + 1] === '-' && input.startsWith('}}', after + 2)) {
      rightTrim = true;
      after += 2;
    }
    if (!input.startsWith('}}', after)) throw new TemplateSyntaxError('comment ends before closing delimiter', start);
    // The comment's value records its closing delimiter so lex() can apply the right trim marker.
    items.push({ type: 'comment', val: rightTrim ? '-}}' : '}}', pos });
    return after + 2;
  }
  items.push({ type: 'left', val: '{{', pos: start });
  let parens = 0;
  for (;;) {
    const c = input[pos];
    // Right delimiter, optionally with its trim marker (" -}}").
    if (isSpace(c) && input[pos + 1] === '-' && input.startsWith('}}', pos + 2)) {
      if (parens > 0) throw new TemplateSyntaxError('unclosed left paren', pos);
      items.push({ type: 'right', val: '-}}', pos: pos + 2 });
      return pos + 4;
    }
    if (input.startsWith('}}', pos)) {
      if (parens > 0) throw new TemplateSyntaxError('unclosed left paren', pos);
      items.push({ type: 'right', val: '}}', pos });
      return pos + 2;
    }
    if (c === undefined) throw new TemplateSyntaxError('unclosed action', start);
    const from = pos;
    if (isSpace(c)) {
      // Stop before a space that starts a right trim marker (" -}}").
      while (isSpace(input[pos]) && !(input[pos + 1] === '-' && input.startsWith('}}', pos + 2))) pos++;
      items.push({ type: 'space', val: input.slice(from, pos), pos: from });
      continue;
    }
    if (c === '=') { items.push({ type: 'assign', val: '=', pos }); pos++; continue; }
    if (c === ':') {
      if (input[pos + 1] !== '=') throw new TemplateSyntaxError('expected :=', pos);
      items.push({ type: 'declare', val: ':=', pos }); pos += 2; continue;
    }
    if (c === '|') { items.push({ type: 'pipe', val: '|', pos }); pos++; continue; }
    if (c === '(') { parens++; items.push({ type: 'lparen', val: '(', pos }); pos++; continue; }
    if (c === ')') {
      if (--parens < 0) throw new TemplateSyntaxError(`unexpected right paren ${quoteRune(')')}`, pos);
      items.push({ type: 'rparen', val: ')', pos }); pos++; continue;
    }
    if (c === '"') { pos = lexQuote(input, pos, '"', 'string', items); continue; }
    if (c === "'") { pos = lexQuote(input, pos, "'", 'charConstant', items); continue; }
    if (c === '`') {
      const end = input.indexOf('`', pos + 1);
      if (end < 0) throw new TemplateSyntaxError('unterminated raw quoted string', pos);
      items.push({ type: 'rawString', val: input.slice(pos, end + 1), pos });
      pos = end + 1;
      continue;
    }
    if (c === '$' || (c === '.' && !/[0-9]/.test(input[pos + 1] ?? ''))) {
      pos++;
      while (isAlnum(input[pos])) pos++;
      const val = input.slice(from, pos);
      const type: ItemType = c === '$' ? 'variable' : val === '.' ? 'dot' : 'field';
      checkTerminator(input, pos);
      items.push({ type, val, pos: from });
      continue;
    }
    if (c === '+' || c === '-' || c === '.' || /[0-9]/.test(c)) {
      const m = /^[+-]?(?:0[xX][0-9a-fA-F_]*\.?[0-9a-fA-F_]*(?:[pP][+-]?[0-9_]+)?|0[oObB][0-9_]+|[0-9_]*\.?[0-9_]*(?:[eE][+-]?[0-9_]+)?)i?/.exec(input.slice(pos));
      const val = m?.[0] ?? '';
      if (val === '' || val === '+' || val === '-' || isAlnum(input[pos + val.length])) {
        throw new TemplateSyntaxError(`bad number syntax: "${input.slice(pos, pos + Math.max(val.length, 1) + 1)}"`, pos);
      }
      items.push({ type: 'number', val, pos });
      pos += val.length;
      continue;
    }
    if (isAlnum(c)) {
      while (isAlnum(input[pos])) pos++;
      const word = input.slice(from, pos);
      checkTerminator(input, pos);
      const type: ItemType = KEYWORDS.has(word) ? 'keyword' : word === 'true' || word === 'false' ? 'bool' : word === 'nil' ? 'nil' : 'identifier';
      items.push({ type, val: word, pos: from });
      continue;
    }
    const cp = c.codePointAt(0) ?? 0;
    if (cp < 0x7f && cp >= 0x20) {
      items.push({ type: 'char', val: c, pos });
      pos++;
      continue;
    }
    throw new TemplateSyntaxError(`unrecognized character in action: ${quoteRune(c)}`, pos);
  }
}

function checkTerminator(input: string, pos: number): void {
  const c = input[pos];
  if (c === undefined || isSpace(c) || '.,|:()'.includes(c) || input.startsWith('}}', pos)) return;
  throw new TemplateSyntaxError(`bad character ${quoteRune(c)}`, pos);
}

function lexQuote(input: string, start: number, quote: string, type: ItemType, items: Item[]): number {
  let pos = start + 1;
  for (;;) {
    const c = input[pos];
    if (c === '\\') { pos += 2; continue; }
    if (c === undefined || c === '\n') {
      throw new TemplateSyntaxError(type === 'string' ? 'unterminated quoted string' : 'unterminated character constant', start);
    }
    pos++;
    if (c === quote) break;
  }
  items.push({ type, val: input.slice(start, pos), pos: start });
  return pos;
}
