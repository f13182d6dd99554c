// `berth network connect|disconnect NETWORK CONTAINER` and `berth network reload [--all | CONTAINER...]`.
import type { CommandContext } from '../command.ts';
import { getEngine } from '../../engine/index.ts';
import type { NetworkConnectOptions } from '../../engine/networks.ts';
import { BerthError } from '../../util/errors.ts';
import { latestId } from './ps-shared.ts';

export default async function networkConnect(ctx: CommandContext): Promise<number> {
  const verb = ctx.path.split(' ').at(-1);
  if (verb !== 'reload' && ctx.args.length !== 2) throw new BerthError('invalid-argument', `accepts 2 arg(s), received ${ctx.args.length}`);
  const all = ctx.flags['all'] === true;
  const latest = verb === 'reload' && ctx.flags['latest'] === true;
  if (verb === 'reload') {
    if (all && latest) throw new BerthError('invalid-argument', '--all and --latest cannot be used together');
    if (latest && ctx.args.length) throw new BerthError('invalid-argument', '--latest and containers cannot be used together');
    if (!all && !latest && !ctx.args.length) throw new BerthError('invalid-argument', 'no arguments are needed with --all or --latest, at least one is required otherwise');
    if (all && ctx.args.length) throw new BerthError('invalid-argument', '--all and containers cannot be used together');
  }
  const engine = await getEngine(ctx.globals);
  try {
    const [net, ctr] = [ctx.args[0]!, ctx.args[1]!];
    if (verb === 'connect') {
      const o: NetworkConnectOptions = {};
      const ips = [ctx.flags['ip'], ctx.flags['ip6']].filter((v): v is string => typeof v === 'string' && v !== '');
      if (ips.length) o.ips = ips;
      const aliases = (ctx.flags['alias'] as string[] | undefined) ?? [];
      if (aliases.length) o.aliases = aliases;
      if (ctx.flags['mac-address']) o.mac = ctx.flags['mac-address'] as string;
      await engine.networks.connect(net, ctr, o);
      return 0;
    }
    if (verb === 'disconnect') {
      await engine.networks.disconnect(net, ctr, { force: ctx.flags['force'] === true });
      return 0;
    }
    let targets = ctx.args;
    if (latest) targets = [await latestId(engine, { notFound: 'no such container' })];
    let code = 0;
    for (const r of await engine.networks.reload(targets, { all })) {
      if (r.Err) {
        process.stderr.write(`Error: ${r.Err}\n`);
        code = 125;
      } else process.stdout.write(`${r.Id}\n`);
    }
    return code;
  } finally {
    await engine.close();
  }
}
