// `import.meta.url` inside the single-file CommonJS bundle (dist/berth-cli.cjs), where scripts/bundle.mjs rewrites it to
// a call of moduleUrl: the URL of the ESM chunk that holds the same source module, so that a worker started on its own
// module, or a createRequire() from it, behaves exactly as in the code-split ESM bundle.
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/** The URL of `chunk` (a path relative to dist/) beside the running CommonJS bundle. */
export function moduleUrl(chunk: string, dir: string | undefined = typeof __dirname === 'string' ? __dirname : undefined): string {
  if (dir === undefined) throw new Error(`the import.meta URL of ${chunk} is only known inside the CommonJS bundle`);
  return pathToFileURL(path.join(dir, chunk)).href;
}
