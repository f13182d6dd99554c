// Maps the bundle positions in a stack trace back to the TypeScript sources with the bundle's source map (the CLI
// bundle is minified), for the stack that --log-level debug prints under an error.
import { existsSync, readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import path from 'node:path';

const FRAME = /((?:file:\/\/)?\/[^\s():]+\.(?:cjs|mjs|js)):(\d+):(\d+)/g;

/** The stack with every `file:line:col` that has a `file.map` beside it rewritten to `src/….ts:line:col (name)`. */
export function mapStack(stack: string): string {
  const maps = new Map<string, SourceMap | null>();
  const load = (file: string): SourceMap | null => {
    if (maps.has(file)) return maps.get(file)!;
    let m: SourceMap | null = null;
    try {
      if (existsSync(`${file}.map`)) m = new SourceMap(JSON.parse(readFileSync(`${file}.map`, 'utf8')) as ConstructorParameters<typeof SourceMap>[0]);
    } catch {
      m = null;
    }
    maps.set(file, m);
    return m;
  };
  return stack.replace(FRAME, (whole, raw: string, line: string, col: string) => {
    const file = raw.replace(/^file:\/\//, '');
    const map = load(file);
    const e = map?.findEntry(Number(line) - 1, Number(col) - 1);
    if (!e || !('originalSource' in e)) return whole;
    const src = path.resolve(path.dirname(file), e.originalSource.replace(/^file:\/\//, ''));
    const name = 'name' in e && e.name ? ` (${e.name})` : '';
    return `${src}:${e.originalLine + 1}:${e.originalColumn + 1}${name}`;
  });
}
