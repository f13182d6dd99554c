// `berth port [-a] [-l] CONTAINER [PRIVATE_PORT[/PROTO]]`: published ports as podman prints them ("80/tcp -> 0.0.0.0:8080").
import type { CommandContext } from '../command.ts';
import { getEngine } from '../../engine/index.ts';
import { portLines } from '../../container/ports.ts';
import { BerthError } from '../../util/errors.ts';
import { latestId } from './ps-shared.ts';

export default async function port(ctx: CommandContext): Promise<number> {
  const all = ctx.flags['all'] === true;
  const latest = ctx.flags['latest'] === true;
  const args = [...ctx.args];
  if (!all && !latest && !args.length) throw new BerthError('invalid-argument', 'you must supply a running container name or id');
  if (all && (latest || args.length > 1)) throw new BerthError('invalid-argument', 'the last and all options are mutually exclusive');
  const engine = await getEngine(ctx.globals);
  try {
    const name = all ? undefined : latest ? await latestId(engine) : args.shift();
    let only: { port: number; protocol: string } | undefined;
    if (args.length) {
      const m = /^(\d+)(?:\/(tcp|udp|sctp))?$/.exec(args[0]!);
      if (!m) throw new BerthError('invalid-argument', `invalid port: ${args[0]}`);
      only = { port: Number(m[1]), protocol: m[2] ?? 'tcp' };
    }
    const list = await engine.containers.port(name);
    let out = '';
    for (const c of list) {
      if (all && !c.Ports.length) continue;
      if (all) out += `${c.Id.slice(0, 12)}\t${c.Name}\n`;
      for (const l of portLines(c.Ports, only)) out += `${l}\n`;
    }
    process.stdout.write(out);
    return 0;
  } finally {
    await engine.close();
  }
}
