// `berth export [-o FILE] CONTAINER` (and `container export`): the container's whole filesystem as one tar, streamed.
import fs from 'node:fs';
import { finished } from 'node:stream/promises';
import type { CommandContext } from '../command.ts';
import { getEngine } from '../../engine/index.ts';
import { BerthError } from '../../util/errors.ts';
import { usageError } from './run-each.ts';

export default async function exportContainer(ctx: CommandContext): Promise<number> {
  if (ctx.args.length !== 1) throw usageError(`accepts 1 arg(s), received ${ctx.args.length}`);
  const name = ctx.args[0]!;
  const output = ctx.changed.has('output') ? (ctx.flags['output'] as string) : '';
  if (!output && process.stdout.isTTY) throw new BerthError('invalid-argument', 'refusing to export to terminal. Use -o flag or redirect');
  const engine = await getEngine(ctx.globals);
  try {
    // podman looks the container up before it creates the file.
    if (!(await engine.containers.exists(name))) throw new BerthError('not-found', `no container with name or ID "${name}" found: no such container`);
    let file: fs.WriteStream | undefined;
    if (output) {
      let fd: number;
      try {
        fd = fs.openSync(output, 'w', 0o644);
      } catch (e) {
        const err = e as NodeJS.ErrnoException;
        const why = err.code === 'ENOENT' ? 'no such file or directory' : err.code === 'EACCES' ? 'permission denied' : err.message;
        throw new BerthError('invalid-argument', `creating file "${output}": open ${output}: ${why}`);
      }
      file = fs.createWriteStream('', { fd });
    }
    await engine.containers.exportFs(name, file ?? process.stdout);
    if (file) {
      file.end();
      await finished(file);
    }
    return 0;
  } finally {
    await engine.close();
  }
}
