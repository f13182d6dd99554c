// `berth secret create [--driver] [--driver-opts] [--env] [--label] NAME FILE|-`: prints the new secret's ID.
import fs from 'node:fs';
import type { CommandContext } from '../command.ts';
import { getEngine } from '../../engine/index.ts';
import { BerthError } from '../../util/errors.ts';
import { UsageError } from '../flags.ts';
import { parseDriverOpts, parseSecretLabels } from '../../secret/options.ts';

const ERRNO_TEXT: Record<string, string> = { ENOENT: 'no such file or directory', EACCES: 'permission denied', ENOTDIR: 'not a directory' };

async function readStdin(): Promise<Buffer> {
  // Podman reads stdin only from a pipe: a terminal, a file or /dev/null is an error, not an empty secret. Berth also
  // takes a socket (what Node's and many other spawners give a child as a "pipe"), which podman refuses.
  const st = fs.fstatSync(0);
  if (!st.isFIFO() && !st.isSocket()) throw new BerthError('invalid-argument', 'if `-` is used, data must be passed into stdin');
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

function readFile(file: string): Buffer {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? '';
    throw new BerthError('invalid-argument', `open ${file}: ${ERRNO_TEXT[code] ?? (e as Error).message}`);
  }
  try {
    return fs.readFileSync(fd);
  } catch {
    // Podman ignores a read error (a directory): the data is then empty, and the size check says so.
    return Buffer.alloc(0);
  } finally {
    fs.closeSync(fd);
  }
}

async function secretInput(source: string, fromEnv: boolean): Promise<Buffer> {
  if (fromEnv) {
    const value = process.env[source];
    if (!value) throw new BerthError('invalid-argument', `cannot create store secret data: environment variable ${source} is not set`);
    return Buffer.from(value);
  }
  if (source === '-' || source === '/dev/stdin') return readStdin();
  return readFile(source);
}

export default async function secretCreate(ctx: CommandContext): Promise<number> {
  if (ctx.args.length !== 2) throw new BerthError('invalid-argument', `accepts 2 arg(s), received ${ctx.args.length}`);
  let driverOptions: Record<string, string>;
  try {
    driverOptions = parseDriverOpts(ctx.flags['driver-opts'] as string[]);
  } catch (e) {
    throw new UsageError((e as Error).message, ctx.path);
  }
  const [name, source] = ctx.args as [string, string];
  const data = await secretInput(source, ctx.flags['env'] as boolean);
  const labels = parseSecretLabels(ctx.flags['label'] as string[]);
  const engine = await getEngine(ctx.globals);
  try {
    const id = await engine.secrets.create({ name, data, driver: ctx.flags['driver'] as string, driverOptions, labels });
    process.stdout.write(`${id}\n`);
    return 0;
  } finally {
    data.fill(0);
    await engine.close();
  }
}
