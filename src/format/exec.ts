// Executes a parsed Go template against JS data with text/template's semantics (fields, variables, range, calls).

import { nodeString, type ArgNode, type AnyNode, type CommandNode, type Node, type PipeNode } from './parse.ts';
import { FUNCS, FuncError, checkArgs, type TemplateFunc } from './funcs.ts';
import { goTypeName, isPlainObject, isTrue, printValue, sortedKeys, structName } from './govalue.ts';

/** An execution failure at a node; template.ts renders it as `executing "name" at <node>: msg`. */
export class ExecError extends Error {
  readonly node: AnyNode | undefined;
  constructor(message: string, node: AnyNode | undefined) {
    super(message);
    this.node = node;
  }
}

export interface ExecOptions {
  /** Go's Option("missingkey=error"): a missing map key is an error instead of <no value>. */
  missingKey?: 'default' | 'error';
  /** Extra or replacement functions (like Template.Funcs). */
  funcs?: Readonly<Record<string, TemplateFunc>>;
}

type RangeNode = Extract<Node, { kind: 'if' | 'with' | 'range' }>;

const MISSING = Symbol('missing'); // no piped-in final argument
type Final = unknown | typeof MISSING;

class BreakSignal {}
class ContinueSignal {}

/** Finds a field or method on a JS value: own keys, or class prototype members (never Object.prototype's). */
function lookupMember(obj: object, name: string): { found: boolean; value?: unknown } {
  if (Object.hasOwn(obj, name)) return { found: true, value: (obj as Record<string, unknown>)[name] };
  let proto = Object.getPrototypeOf(obj) as object | null;
  while (proto && proto !== Object.prototype && proto !== Array.prototype) {
    if (Object.hasOwn(proto, name) && name !== 'constructor') return { found: true, value: Reflect.get(proto, name, obj) };
    proto = Object.getPrototypeOf(proto) as object | null;
  }
  return { found: false };
}

export class Executor {
  private out: string[] = [];
  private vars: { name: string; value: unknown }[] = [];
  private node: AnyNode | undefined;
  private readonly funcs: Readonly<Record<string, TemplateFunc>>;
  private readonly missingKey: 'default' | 'error';

  constructor(opts: ExecOptions = {}) {
    this.funcs = opts.funcs ? { ...FUNCS, ...opts.funcs } : FUNCS;
    this.missingKey = opts.missingKey ?? 'default';
  }

  run(tree: Node[], data: unknown): string {
    this.out = [];
    this.vars = [{ name: '$', value: data }];
    this.walkList(data, tree);
    return this.out.join('');
  }

  private fail(msg: string, node: AnyNode | undefined = this.node): never {
    throw new ExecError(msg, node);
  }

  private walkList(dot: unknown, list: Node[]): void {
    for (const n of list) this.walk(dot, n);
  }

  private walk(dot: unknown, n: Node): void {
    this.node = n;
    switch (n.kind) {
      case 'text': this.out.push(n.text); return;
      case 'action': {
        const v = this.evalPipeline(dot, n.pipe);
        if (n.pipe.decl.length === 0) this.print(n.pipe, v);
        return;
      }
      case 'if': case 'with': {
        const mark = this.vars.length;
        const v = this.evalPipeline(dot, n.pipe);
        if (isTrue(v)) this.walkList(n.kind === 'with' ? v : dot, n.list);
        else if (n.elseList) this.walkList(dot, n.elseList);
        this.vars.length = mark;
        return;
      }
      case 'range': this.walkRange(dot, n); return;
      case 'break': throw new BreakSignal();
      case 'continue': throw new ContinueSignal();
    }
  }

  private print(node: AnyNode, v: unknown): void {
    if (typeof v === 'function') this.fail(`can't print ${nodeString(node)} of type func`, node);
    this.out.push(printValue(v));
  }

  private walkRange(dot: unknown, n: RangeNode): void {
    const mark = this.vars.length;
    const val = this.evalPipeline(dot, n.pipe);
    let entries: [unknown, unknown][];
    if (val === undefined || val === null) entries = [];
    else if (Array.isArray(val)) entries = val.map((e, i) => [i, e]);
    else if (isPlainObject(val) && !structName(val)) entries = sortedKeys(val).map((k) => [k, val[k]]);
    else this.fail(`range can't iterate over ${printValue(val)}`, n);
    for (const [key, elem] of entries) {
      const iterMark = this.vars.length;
      // Go sets the last declared variable to the element and, with two, the first to the index/key.
      if (n.pipe.decl.length > 0) this.vars[mark + n.pipe.decl.length - 1]!.value = elem;
      if (n.pipe.decl.length > 1) this.vars[mark]!.value = key;
      try {
        this.walkList(elem, n.list);
      } catch (e) {
        if (e instanceof BreakSignal) { this.vars.length = iterMark; break; }
        if (!(e instanceof ContinueSignal)) throw e;
      }
      this.vars.length = iterMark;
    }
    if (entries.length === 0 && n.elseList) this.walkList(dot, n.elseList);
    this.vars.length = mark;
  }

  private evalPipeline(dot: unknown, pipe: PipeNode): unknown {
    this.node = pipe;
    let value: unknown = MISSING;
    for (const cmd of pipe.cmds) value = this.evalCommand(dot, cmd, value);
    if (value === MISSING) value = undefined;
    for (const name of pipe.decl) {
      if (pipe.isAssign) this.setVar(name, value);
      else this.vars.push({ name, value });
    }
    return value;
  }

  private setVar(name: string, value: unknown): void {
    for (let i = this.vars.length - 1; i >= 0; i--) {
      if (this.vars[i]!.name === name) { this.vars[i]!.value = value; return; }
    }
    this.fail(`undefined variable: ${name}`);
  }

  private varValue(name: string): unknown {
    for (let i = this.vars.length - 1; i >= 0; i--) if (this.vars[i]!.name === name) return this.vars[i]!.value;
    return this.fail(`undefined variable: ${name}`);
  }

  private notAFunction(args: ArgNode[], final: Final): void {
    if (args.length > 1 || final !== MISSING) this.fail(`can't give argument to non-function ${nodeString(args[0]!)}`, args[0]);
  }

  private evalCommand(dot: unknown, cmd: CommandNode, final: Final): unknown {
    const first = cmd.args[0]!;
    switch (first.kind) {
      case 'field': return this.evalFieldChain(dot, dot, first, first.idents, cmd.args, final);
      case 'chain': {
        const recv = this.evalArg(dot, first.node);
        return this.evalFieldChain(dot, recv, first, first.fields, cmd.args, final);
      }
      case 'identifier': return this.evalFunction(dot, first.name, cmd, cmd.args, final);
      case 'pipe': this.notAFunction(cmd.args, final); return this.evalPipeline(dot, first);
      case 'variable': {
        const v = this.varValue(first.idents[0]!);
        if (first.idents.length === 1) { this.notAFunction(cmd.args, final); return v; }
        return this.evalFieldChain(dot, v, first, first.idents.slice(1), cmd.args, final);
      }
      default: break;
    }
    this.node = first;
    this.notAFunction(cmd.args, final);
    switch (first.kind) {
      case 'bool': return first.value;
      case 'dot': return dot;
      case 'nil': return this.fail('nil is not a command', first);
      case 'number': return first.value;
      case 'string': return first.value;
    }
  }

  /** An argument in a call: fields and variables without arguments, literals, parenthesized pipelines. */
  private evalArg(dot: unknown, n: ArgNode): unknown {
    this.node = n;
    switch (n.kind) {
      case 'dot': return dot;
      case 'nil': return null;
      case 'bool': case 'number': case 'string': return n.value;
      case 'field': return this.evalFieldChain(dot, dot, n, n.idents, [n], MISSING);
      case 'variable': {
        const v = this.varValue(n.idents[0]!);
        return n.idents.length === 1 ? v : this.evalFieldChain(dot, v, n, n.idents.slice(1), [n], MISSING);
      }
      case 'chain': return this.evalFieldChain(dot, this.evalArg(dot, n.node), n, n.fields, [n], MISSING);
      case 'pipe': return this.evalPipeline(dot, n);
      case 'identifier': return this.evalFunction(dot, n.name, n, [n], MISSING);
    }
  }

  private evalFieldChain(dot: unknown, receiver: unknown, node: AnyNode, idents: string[], args: ArgNode[], final: Final): unknown {
    const n = idents.length;
    for (let i = 0; i < n - 1; i++) receiver = this.evalField(dot, idents[i]!, node, [], MISSING, receiver);
    return this.evalField(dot, idents[n - 1]!, node, args, final, receiver);
  }

  private evalField(dot: unknown, name: string, node: AnyNode, args: ArgNode[], final: Final, receiver: unknown): unknown {
    this.node = node;
    if (receiver === undefined) {
      if (this.missingKey === 'error') this.fail(`nil data; no entry for key "${name}"`);
      return undefined;
    }
    if (receiver === null) this.fail(`nil pointer evaluating interface {}.${name}`);
    const hasArgs = args.length > 1 || final !== MISSING;
    if (typeof receiver === 'object' && !Array.isArray(receiver)) {
      const struct = structName(receiver);
      let m = lookupMember(receiver, name);
      if (!m.found && struct) {
        // Structs only: accept a field whose name differs in case (e.g. .Id for ID), when exactly one matches.
        const alt = Object.keys(receiver).filter((k) => k.toLowerCase() === name.toLowerCase());
        if (alt.length === 1) m = lookupMember(receiver, alt[0]!);
      }
      if (m.found) {
        if (typeof m.value === 'function') {
          const argv = args.slice(1).map((a) => this.evalArg(dot, a));
          if (final !== MISSING) argv.push(final);
          this.node = node;
          try {
            return (m.value as (...a: unknown[]) => unknown).apply(receiver, argv);
          } catch (e) {
            this.fail(`error calling ${name}: ${e instanceof Error ? e.message : String(e)}`);
          }
        }
        if (hasArgs) this.fail(struct ? `${name} has arguments but cannot be invoked as function` : `${name} is not a method but has arguments`);
        return m.value;
      }
      if (!struct && !(receiver instanceof Date) && isPlainObject(receiver)) {
        if (hasArgs) this.fail(`${name} is not a method but has arguments`);
        if (this.missingKey === 'error') this.fail(`map has no entry for key "${name}"`);
        return undefined;
      }
    }
    return this.fail(`can't evaluate field ${name} in type ${goTypeName(receiver)}`);
  }

  private evalFunction(dot: unknown, name: string, node: AnyNode, args: ArgNode[], final: Final): unknown {
    const f = this.funcs[name];
    if (!f) return this.fail(`"${name}" is not a defined function`, node);
    const argNodes = args.slice(1);
    let argv: unknown[];
    if (f.lazy) {
      argv = argNodes.map((a) => () => this.evalArg(dot, a));
      if (final !== MISSING) argv.push(() => final);
    } else {
      argv = argNodes.map((a) => this.evalArg(dot, a));
      if (final !== MISSING) argv.push(final);
    }
    this.node = node;
    try {
      const checked = f.lazy ? (checkArgs(name, { ...f, params: f.params.map(() => 'any') }, argv), argv) : checkArgs(name, f, argv);
      return f.fn(...checked);
    } catch (e) {
      if (e instanceof ExecError) throw e;
      if (e instanceof FuncError) {
        const prefix = /^wrong (number|type)/.test(e.message) ? '' : `error calling ${name}: `;
        this.fail(prefix + e.message, node);
      }
      this.fail(`error calling ${name}: ${e instanceof Error ? e.message : String(e)}`, node);
    }
  }
}
