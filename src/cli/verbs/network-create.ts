// `berth network create`: podman's flags; prints the new network's name.
import type { CommandContext } from '../command.ts';
import { getEngine } from '../../engine/index.ts';
import { BerthError } from '../../util/errors.ts';

function keyValues(list: readonly string[], what: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const l of list) {
    const eq = l.indexOf('=');
    if (eq === 0) throw new BerthError('invalid-argument', `invalid ${what} "${l}"`);
    if (eq < 0) out[l] = '';
    else out[l.slice(0, eq)] = l.slice(eq + 1);
  }
  return out;
}

export default async function networkCreate(ctx: CommandContext): Promise<number> {
  if (ctx.args.length > 1) throw new BerthError('invalid-argument', `accepts at most 1 arg(s), received ${ctx.args.length}`);
  const f = ctx.flags;
  const ipam = f['ipam-driver'] as string;
  if (ipam && ipam !== 'host-local') throw new BerthError('invalid-argument', `unsupported ipam driver "${ipam}"`);
  const engine = await getEngine(ctx.globals);
  try {
    const net = await engine.networks.create({
      name: ctx.args[0],
      driver: f['driver'] as string,
      subnets: f['subnet'] as string[],
      gateways: f['gateway'] as string[],
      ipRanges: f['ip-range'] as string[],
      internal: f['internal'] as boolean,
      disableDns: f['disable-dns'] as boolean,
      ipv6: f['ipv6'] as boolean,
      options: keyValues(f['opt'] as string[], 'option'),
      labels: keyValues(f['label'] as string[], 'label'),
      interfaceName: (f['interface-name'] as string) || undefined,
      ignore: f['ignore'] as boolean,
    });
    process.stdout.write(`${net.name}\n`);
    return 0;
  } finally {
    await engine.close();
  }
}
