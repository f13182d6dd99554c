// Public entry to the Go text/template engine: parse once, execute against data, errors worded like Go's.

import { BerthError } from '../util/errors.ts';
import { TemplateSyntaxError } from './lex.ts';
import { parse, nodeString, type Node } from './parse.ts';
import { ExecError, Executor, type ExecOptions } from './exec.ts';
import { FUNCS, type TemplateFunc } from './funcs.ts';

export { goStruct } from './govalue.ts';
export type { TemplateFunc } from './funcs.ts';

export interface TemplateOptions extends ExecOptions {
  /** The template's name in error messages; podman uses the verb ("images", "inspect"). */
  name?: string;
}

/** Go's ErrorContext: "name:line:col" with col the 0-based offset into the line. */
function location(name: string, text: string, pos: number): string {
  const before = text.slice(0, pos);
  const nl = before.lastIndexOf('\n');
  const line = 1 + (before.match(/\n/g)?.length ?? 0);
  return `${name}:${line}:${nl < 0 ? pos : pos - nl - 1}`;
}

export class Template {
  readonly name: string;
  readonly text: string;
  private readonly tree: Node[];
  private readonly opts: TemplateOptions;

  /** Parses `text`; throws BerthError('invalid-argument') worded like Go (`template: name:1: ...`). */
  constructor(text: string, opts: TemplateOptions = {}) {
    this.name = opts.name ?? 'format';
    this.text = text;
    this.opts = opts;
    const funcs: Record<string, TemplateFunc> = { ...FUNCS, ...opts.funcs };
    try {
      this.tree = parse(text, { funcs: new Set(Object.keys(funcs)) });
    } catch (e) {
      if (!(e instanceof TemplateSyntaxError)) throw e;
      const line = 1 + (text.slice(0, e.pos).match(/\n/g)?.length ?? 0);
      throw new BerthError('invalid-argument', `template: ${this.name}:${line}: ${e.message}`, { cause: e });
    }
  }

  /** Renders the template with `data` as dot and `$`. */
  execute(data: unknown): string {
    try {
      return new Executor(this.opts).run(this.tree, data);
    } catch (e) {
      if (!(e instanceof ExecError)) throw e;
      const where = e.node
        ? `${location(this.name, this.text, e.node.pos)}: executing "${this.name}" at <${nodeString(e.node)}>`
        : this.name;
      throw new BerthError('invalid-argument', `template: ${where}: ${e.message}`, { cause: e });
    }
  }
}

/** Parses and executes in one go. */
export function renderTemplate(text: string, data: unknown, opts: TemplateOptions = {}): string {
  return new Template(text, opts).execute(data);
}
