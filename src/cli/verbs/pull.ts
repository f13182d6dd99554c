// `berth pull` / `berth image pull`: pulls images; progress on stderr (bars on a terminal), image IDs on stdout.
import type { CommandContext } from '../command.ts';
import type { PullOptions } from '../../engine/images.ts';
import { getEngine } from '../../engine/index.ts';
import { BerthError } from '../../util/errors.ts';
import { plainRenderer, ttyRenderer } from '../progress.ts';
import { shortNameChooser } from '../terminal.ts';

/** Go-style durations for --retry-delay (`500ms`, `2s`, `1m30s`); a bare number is seconds. */
export function parseDelay(s: string): number {
  if (/^\d+(\.\d+)?$/.test(s)) return Number(s) * 1000;
  const unit: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  let total = 0;
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h)/gy;
  let m: RegExpExecArray | null;
  let end = 0;
  while ((m = re.exec(s))) {
    total += Number(m[1]) * unit[m[2]!]!;
    end = re.lastIndex;
  }
  if (!s || end !== s.length) throw new BerthError('invalid-argument', `time: invalid duration "${s}"`);
  return total;
}

export function pullOptions(ctx: CommandContext): PullOptions {
  const f = ctx.flags;
  const str = (k: string) => (typeof f[k] === 'string' && f[k] !== '' ? (f[k] as string) : undefined);
  const o: PullOptions = { allTags: f['all-tags'] === true, quiet: f['quiet'] === true };
  const platform = str('platform');
  if (platform && (str('arch') || str('os'))) {
    throw new BerthError('invalid-argument', '--platform option can not be specified with --arch or --os');
  }
  if (platform) o.platform = platform;
  for (const [flag, key] of [['arch', 'arch'], ['os', 'os'], ['variant', 'variant'], ['creds', 'creds'], ['authfile', 'authfile'], ['cert-dir', 'certDir']] as const) {
    const v = str(flag);
    if (v !== undefined) o[key] = v;
  }
  if (ctx.changed.has('tls-verify')) o.tlsVerify = f['tls-verify'] === true;
  if (ctx.changed.has('retry')) o.retry = f['retry'] as number;
  if (str('retry-delay')) o.retryDelayMs = parseDelay(str('retry-delay')!);
  return o;
}

export default async function pull(ctx: CommandContext): Promise<number> {
  if (ctx.args.length === 0) throw new BerthError('invalid-argument', 'requires at least 1 arg(s), only received 0');
  const opts = pullOptions(ctx);
  const engine = await getEngine(ctx.globals);
  const tty = process.stderr.isTTY === true;
  const stderr = { write: (s: string) => void process.stderr.write(s), columns: process.stderr.columns };
  const renderer = opts.quiet ? undefined : tty ? ttyRenderer(stderr) : { onEvent: plainRenderer(stderr), finish: () => {} };
  const choose = shortNameChooser();
  try {
    for (const ref of ctx.args) {
      try {
        const report = await engine.images.pull(ref, opts, renderer?.onEvent, choose);
        process.stdout.write(report.images.map((id) => `${id}\n`).join(''));
      } finally {
        renderer?.finish();
      }
    }
    return 0;
  } finally {
    await engine.close();
  }
}
