// Parser for Go text/template: turns lexer items into a tree of text, actions and control structures.

import { lex, TemplateSyntaxError, type Item } from './lex.ts';

export type Node =
  | { kind: 'text'; pos: number; text: string }
  | { kind: 'action'; pos: number; pipe: PipeNode }
  | { kind: 'if' | 'with' | 'range'; pos: number; pipe: PipeNode; list: Node[]; elseList: Node[] | undefined }
  | { kind: 'break' | 'continue'; pos: number };

export interface PipeNode { kind: 'pipe'; pos: number; decl: string[]; isAssign: boolean; cmds: CommandNode[] }
export interface CommandNode { kind: 'command'; pos: number; args: ArgNode[] }

export type ArgNode =
  | { kind: 'field'; pos: number; idents: string[] }
  | { kind: 'variable'; pos: number; idents: string[] } // idents[0] is "$name"
  | { kind: 'chain'; pos: number; node: ArgNode; fields: string[] }
  | { kind: 'identifier'; pos: number; name: string }
  | { kind: 'dot'; pos: number }
  | { kind: 'nil'; pos: number }
  | { kind: 'bool'; pos: number; value: boolean }
  | { kind: 'number'; pos: number; text: string; value: number | bigint; isInt: boolean }
  | { kind: 'string'; pos: number; text: string; value: string }
  | PipeNode;

export type AnyNode = Node | CommandNode | ArgNode;

/** Go's node.String(): how a node is quoted in execution errors ("at <.Foo>"). */
export function nodeString(n: AnyNode): string {
  switch (n.kind) {
    case 'field': return '.' + n.idents.join('.');
    case 'variable': return n.idents.join('.');
    case 'chain': return (n.node.kind === 'pipe' ? `(${nodeString(n.node)})` : nodeString(n.node)) + '.' + n.fields.join('.');
    case 'identifier': return n.name;
    case 'dot': return '.';
    case 'nil': return 'nil';
    case 'bool': return String(n.value);
    case 'number': case 'string': return n.text;
    case 'command': return n.args.map((a) => (a.kind === 'pipe' ? `(${nodeString(a)})` : nodeString(a))).join(' ');
    case 'pipe': {
      const decl = n.decl.length ? n.decl.join(', ') + (n.isAssign ? ' = ' : ' := ') : '';
      return decl + n.cmds.map(nodeString).join(' | ');
    }
    case 'text': return n.text;
    case 'action': return `{{${nodeString(n.pipe)}}}`;
    case 'break': case 'continue': return `{{${n.kind}}}`;
    default: return `{{${n.kind} ${nodeString(n.pipe)}}}`;
  }
}

const ESCAPES: Record<string, string> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\', '"': '"', "'": "'" };

/** strconv.Unquote for "..." and '...' literals. */
function unquote(lit: string): string {
  const body = lit.slice(1, -1);
  return body.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-7]{3}|.)/g, (m, e: string) => {
    if (e[0] === 'x' || /^[0-7]{3}$/.test(e)) {
      // Go strings are bytes: a \x escape is one byte; decode runs of them as UTF-8 where possible.
      return String.fromCharCode(e[0] === 'x' ? parseInt(e.slice(1), 16) : parseInt(e, 8));
    }
    if (e[0] === 'u' || e[0] === 'U') return String.fromCodePoint(parseInt(e.slice(1), 16));
    const r = ESCAPES[e];
    if (r === undefined) throw new Error(`invalid syntax`);
    return r;
  });
}

function parseNumber(text: string, pos: number): ArgNode {
  if (text.endsWith('i')) throw new TemplateSyntaxError(`complex numbers are not supported: ${text}`, pos);
  const clean = text.replace(/_/g, '');
  const neg = clean.startsWith('-');
  const abs = clean.replace(/^[+-]/, '');
  let value: number | bigint;
  let isInt = false;
  if (/^0[xX][0-9a-fA-F]+$/.test(abs) || /^0[oO][0-7]+$/.test(abs) || /^0[bB][01]+$/.test(abs)) {
    value = BigInt(abs); isInt = true;
  } else if (/^0[0-7]+$/.test(abs)) {
    value = BigInt('0o' + abs.slice(1)); isInt = true;
  } else if (/^[0-9]+$/.test(abs)) {
    value = BigInt(abs); isInt = true;
  } else {
    value = Number(abs);
    if (/^0[xX]/.test(abs) || Number.isNaN(value)) throw new TemplateSyntaxError(`illegal number syntax: "${text}"`, pos);
  }
  if (neg) value = typeof value === 'bigint' ? -value : -value;
  // Small integers become JS numbers; huge ones stay bigint so they print exactly.
  if (typeof value === 'bigint' && value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER)) value = Number(value);
  else if (typeof value === 'number' && Number.isInteger(value) && !/[.eEpP]/.test(abs)) isInt = true;
  return { kind: 'number', pos, text, value, isInt };
}

export interface ParseOptions {
  /** Names of the functions the template may call: an unknown one is a parse error, as in Go. */
  funcs: ReadonlySet<string>;
}

/** Parses a template; throws TemplateSyntaxError with Go's wording. */
export function parse(text: string, opts: ParseOptions): Node[] {
  return new Parser(lex(text), opts).parseRoot();
}

class Parser {
  private i = 0;
  private vars: string[] = ['$'];
  private rangeDepth = 0;
  private readonly items: Item[];
  private readonly funcs: ReadonlySet<string>;

  constructor(items: Item[], opts: ParseOptions) {
    this.items = items;
    this.funcs = opts.funcs;
  }

  private next(): Item { return this.items[this.i++] ?? this.items[this.items.length - 1]!; }
  private peek(): Item { return this.items[this.i] ?? this.items[this.items.length - 1]!; }
  private backup(n = 1): void { this.i -= n; }
  private nextNonSpace(): Item {
    let t = this.next();
    while (t.type === 'space') t = this.next();
    return t;
  }
  private peekNonSpace(): Item {
    const t = this.nextNonSpace();
    this.backup();
    return t;
  }
  private fail(msg: string, pos: number): never { throw new TemplateSyntaxError(msg, pos); }
  private unexpected(t: Item, context: string): never {
    this.fail(`unexpected ${describe(t)} in ${context}`, t.pos);
  }

  parseRoot(): Node[] {
    const list: Node[] = [];
    for (;;) {
      const t = this.peek();
      if (t.type === 'eof') return list;
      const n = this.textOrAction();
      if (n === undefined) continue;
      if (typeof n === 'string') this.fail(`unexpected {{${n === 'end' ? 'end' : 'else'}}}`, this.items[this.i - 1]!.pos);
      list.push(n);
    }
  }

  /** Returns a node, 'end'/'else' markers for control flow, or undefined for comments. */
  private textOrAction(): Node | 'end' | 'else' | 'elseif' | 'elsewith' | undefined {
    const t = this.next();
    if (t.type === 'text') return { kind: 'text', pos: t.pos, text: t.val };
    if (t.type === 'comment') return undefined;
    if (t.type === 'left') return this.action();
    this.unexpected(t, 'input');
  }

  private action(): Node | 'end' | 'else' | 'elseif' | 'elsewith' {
    const t = this.nextNonSpace();
    if (t.type === 'keyword') {
      switch (t.val) {
        case 'if': return this.control('if', t.pos);
        case 'with': return this.control('with', t.pos);
        case 'range': return this.control('range', t.pos);
        case 'end': this.expectRight('end'); return 'end';
        case 'else': {
          const p = this.peekNonSpace();
          if (p.type === 'keyword' && (p.val === 'if' || p.val === 'with')) {
            this.nextNonSpace();
            return p.val === 'if' ? 'elseif' : 'elsewith';
          }
          this.expectRight('else');
          return 'else';
        }
        case 'break': case 'continue':
          if (this.rangeDepth === 0) this.fail(`{{${t.val}}} outside {{range}}`, t.pos);
          this.expectRight(t.val);
          return { kind: t.val, pos: t.pos };
        default:
          this.fail(`{{${t.val}}} is not supported by this template engine`, t.pos);
      }
    }
    this.backup();
    const p = this.peek();
    return { kind: 'action', pos: p.pos, pipe: this.pipeline('command', 'right') };
  }

  private expectRight(context: string): void {
    const t = this.nextNonSpace();
    if (t.type !== 'right') this.unexpected(t, context);
  }

  private control(kind: 'if' | 'with' | 'range', pos: number): Node {
    const mark = this.vars.length;
    const pipe = this.pipeline(kind, 'right');
    if (kind === 'range') this.rangeDepth++;
    let [list, end] = this.itemList();
    if (kind === 'range') this.rangeDepth--;
    let elseList: Node[] | undefined;
    if (end === 'elseif' || end === 'elsewith') {
      // {{else if X}} is shorthand for {{else}}{{if X}}...{{end}}{{end}}: the nested control consumes the {{end}}.
      const nested = this.control(end === 'elseif' ? 'if' : 'with', this.items[this.i - 1]!.pos);
      elseList = [nested];
    } else if (end === 'else') {
      [elseList, end] = this.itemList();
      if (end !== 'end') this.fail(`expected end; found {{else}}`, this.items[this.i - 1]!.pos);
    }
    this.vars.length = mark;
    return { kind, pos, pipe, list, elseList };
  }

  private itemList(): [Node[], 'end' | 'else' | 'elseif' | 'elsewith'] {
    const list: Node[] = [];
    for (;;) {
      const t = this.peekNonSpace();
      if (t.type === 'eof') this.fail('unexpected EOF', t.pos);
      const n = this.textOrAction();
      if (n === undefined) continue;
      if (typeof n === 'string') return [list, n];
      list.push(n);
    }
  }

  private pipeline(context: string, end: 'right' | 'rparen'): PipeNode {
    const pipe: PipeNode = { kind: 'pipe', pos: this.peekNonSpace().pos, decl: [], isAssign: false, cmds: [] };
    const declared: string[] = [];
    // Optional variable declarations: "$x :=", "$x =", "$i, $e :=".
    decls: for (;;) {
      const v = this.peekNonSpace();
      if (v.type !== 'variable') break;
      const start = this.i;
      this.nextNonSpace();
      const op = this.peekNonSpace();
      if (op.type === 'declare' || op.type === 'assign') {
        this.nextNonSpace();
        pipe.isAssign = op.type === 'assign';
        pipe.decl.push(v.val);
        declared.push(v.val);
        break decls;
      }
      if (op.type === 'char' && op.val === ',') {
        this.nextNonSpace();
        pipe.decl.push(v.val);
        declared.push(v.val);
        if (context === 'range' && pipe.decl.length < 2 && this.peekNonSpace().type === 'variable') continue;
        this.fail(context === 'range' ? 'range can only initialize variables' : `too many declarations in ${context}`, op.pos);
      }
      this.i = start;
      break;
    }
    for (;;) {
      const t = this.nextNonSpace();
      if (t.type === end) {
        if (pipe.cmds.length === 0) this.fail(`missing command in ${context}`, t.pos);
        pipe.cmds.forEach((c, i) => {
          const first = c.args[0];
          if (i > 0 && first && ['bool', 'dot', 'nil', 'number', 'string'].includes(first.kind)) {
            this.fail(`non executable command in pipeline stage ${i + 1}`, c.pos);
          }
        });
        // Declared variables become visible after the pipeline (and, for controls, inside their bodies).
        if (!pipe.isAssign) this.vars.push(...declared);
        else for (const v of declared) if (!this.vars.includes(v)) this.fail(`undefined variable "${v}"`, pipe.pos);
        return pipe;
      }
      switch (t.type) {
        case 'bool': case 'charConstant': case 'dot': case 'field': case 'identifier': case 'number': case 'nil':
        case 'rawString': case 'string': case 'variable': case 'lparen':
          this.backup();
          pipe.cmds.push(this.command());
          break;
        default:
          this.unexpected(t, context);
      }
    }
  }

  private command(): CommandNode {
    const cmd: CommandNode = { kind: 'command', pos: this.peekNonSpace().pos, args: [] };
    for (;;) {
      this.peekNonSpace();
      const op = this.operand();
      if (op) cmd.args.push(op);
      const t = this.next();
      if (t.type === 'space') continue;
      if (t.type === 'right' || t.type === 'rparen') { this.backup(); break; }
      if (t.type === 'pipe') break;
      this.fail(`unexpected ${describe(t)} in operand`, t.pos);
    }
    if (cmd.args.length === 0) this.fail('empty command', cmd.pos);
    return cmd;
  }

  private operand(): ArgNode | undefined {
    const node = this.term();
    if (!node) return undefined;
    if (this.peek().type !== 'field') return node;
    const chainPos = this.peek().pos;
    const fields: string[] = [];
    while (this.peek().type === 'field') fields.push(this.next().val.slice(1));
    switch (node.kind) {
      case 'field': return { kind: 'field', pos: chainPos, idents: [...node.idents, ...fields] };
      case 'variable': return { kind: 'variable', pos: chainPos, idents: [...node.idents, ...fields] };
      case 'bool': case 'string': case 'number': case 'nil': case 'dot':
        this.fail(`unexpected . after term "${nodeString(node)}"`, chainPos);
      default: return { kind: 'chain', pos: chainPos, node, fields };
    }
  }

  private term(): ArgNode | undefined {
    const t = this.nextNonSpace();
    switch (t.type) {
      case 'identifier':
        if (!this.funcs.has(t.val)) this.fail(`function "${t.val}" not defined`, t.pos);
        return { kind: 'identifier', pos: t.pos, name: t.val };
      case 'dot': return { kind: 'dot', pos: t.pos };
      case 'nil': return { kind: 'nil', pos: t.pos };
      case 'variable':
        if (!this.vars.includes(t.val)) this.fail(`undefined variable "${t.val}"`, t.pos);
        return { kind: 'variable', pos: t.pos, idents: [t.val] };
      case 'field': return { kind: 'field', pos: t.pos, idents: [t.val.slice(1)] };
      case 'bool': return { kind: 'bool', pos: t.pos, value: t.val === 'true' };
      case 'number': return parseNumber(t.val, t.pos);
      case 'charConstant': {
        let s: string;
        try { s = unquote(t.val); } catch { this.fail(`malformed character constant: ${t.val}`, t.pos); }
        const cp = s.codePointAt(0);
        if (cp === undefined || [...s].length !== 1) this.fail(`malformed character constant: ${t.val}`, t.pos);
        return { kind: 'number', pos: t.pos, text: t.val, value: cp, isInt: true };
      }
      case 'lparen': {
        const pipe = this.pipeline('parenthesized pipeline', 'rparen');
        return pipe;
      }
      case 'string': {
        try {
          return { kind: 'string', pos: t.pos, text: t.val, value: unquote(t.val) };
        } catch {
          this.fail(`invalid syntax`, t.pos);
        }
      }
      // fallthrough is impossible: fail() throws
      case 'rawString':
        return { kind: 'string', pos: t.pos, text: t.val, value: t.val.slice(1, -1).replace(/\r/g, '') };
      default:
        this.backup();
        return undefined;
    }
  }
}

function describe(t: Item): string {
  switch (t.type) {
    case 'eof': return 'EOF';
    case 'right': return '"}}"';
    case 'keyword': return `<${t.val}>`;
    case 'space': return 'space';
    default: return JSON.stringify(t.val);
  }
}
