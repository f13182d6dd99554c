// `berth inspect` (any object: container, then image, volume, network) and `berth container inspect`: podman's JSON or templates.
import type { CommandContext } from '../command.ts';
import type { Engine } from '../../engine/types.ts';
import { getEngine } from '../../engine/index.ts';
import { formatInspect, isJSONFormat } from '../../format/report.ts';
import { asStructs } from '../output.ts';
import { INSPECT_MAP_PATHS } from '../../container/inspect.ts';
import { BerthError } from '../../util/errors.ts';
import { latestId } from './ps-shared.ts';

const TYPES = ['image', 'container', 'pod', 'network', 'volume', 'all'];
const IMAGE_MAPS = new Set(['Labels', 'Annotations', 'GraphDriver.Data', 'Config.Labels', 'Config.ExposedPorts', 'Config.Volumes']);

type Found = { obj: unknown; maps: ReadonlySet<string> } | undefined;

async function findOne(engine: Engine, name: string, type: string, size: boolean): Promise<Found> {
  if (type === 'container' || type === 'all') {
    const r = await engine.containers.inspect([name], { size });
    if (r.containers[0]) return { obj: r.containers[0], maps: INSPECT_MAP_PATHS };
  }
  if (type === 'image' || type === 'all') {
    const r = await engine.images.inspect([name]).catch(() => ({ images: [] }));
    if (r.images[0]) return { obj: r.images[0], maps: IMAGE_MAPS };
  }
  if (type === 'volume' || type === 'all') {
    const r = await engine.volumes.inspect([name], {}).catch(() => ({ volumes: [] }));
    if (r.volumes[0]) return { obj: r.volumes[0], maps: new Set(['Labels', 'Options']) };
  }
  if (type === 'network' || type === 'all') {
    const r = await engine.networks.inspect([name]).catch(() => ({ networks: [] }));
    if (r.networks[0]) return { obj: r.networks[0], maps: new Set(['labels', 'options', 'ipam_options']) };
  }
  return undefined;
}

export async function inspectObjects(ctx: CommandContext, type: string): Promise<number> {
  if (!TYPES.includes(type)) {
    throw new BerthError('invalid-argument', `invalid type "${type}": must be "image", "container", "pod", "network", "volume", or "all"`);
  }
  const latest = ctx.flags['latest'] === true;
  if (latest && ctx.args.length) throw new BerthError('invalid-argument', '--latest and containers cannot be used together');
  if (!latest && !ctx.args.length) throw new BerthError('invalid-argument', 'must provide at least one name or id');
  const engine = await getEngine(ctx.globals);
  try {
    const names = latest ? [await latestId(engine)] : ctx.args;
    const size = ctx.flags['size'] === true;
    const format = (ctx.flags['format'] as string) || 'json';
    const json = isJSONFormat(format);
    const found: unknown[] = [];
    const errors: string[] = [];
    for (const n of names) {
      const f = type === 'pod' ? undefined : await findOne(engine, n, type, size);
      if (f) found.push(json ? f.obj : asStructs(f.obj, f.maps));
      else errors.push(type === 'container' ? `no such container ${n}` : `no such object: "${n}"`);
    }
    process.stdout.write(formatInspect(found, json ? undefined : format));
    if (!errors.length) return 0;
    for (const e of errors.slice(1)) process.stderr.write(`error inspecting object: ${e}\n`);
    throw new BerthError('not-found', `inspecting object: ${errors[0]}`);
  } finally {
    await engine.close();
  }
}

export default async function inspect(ctx: CommandContext): Promise<number> {
  return inspectObjects(ctx, (ctx.flags['type'] as string) || 'all');
}
