// `berth stats`: podman 4.3's resource usage table (or --format json/template), one frame with --no-stream, else one per --interval.
import type { CommandContext } from '../command.ts';
import { getEngine } from '../../engine/index.ts';
import { formatList, isJSONFormat } from '../../format/report.ts';
import { computeStats, statsJSON, statsView, STATS_DEFAULT_FORMAT, STATS_HEADERS, type StatsSample } from '../../container/stats.ts';
import { isTerminal } from '../../sys/terminal.ts';
import { BerthError } from '../../util/errors.ts';
import { latestId } from './ps-shared.ts';

/** A sample of nothing: its view's keys are the fields the header row knows. */
const NO_SAMPLE: StatsSample = { id: '', name: '', active: false, startedNs: 0, sampledNs: 0, cpuNs: 0, memUsage: 0, memLimit: 0, blockRead: 0, blockWrite: 0, pids: 0, netRx: 0, netTx: 0 };
/** goterm's Clear then MoveCursor(1,1): what podman writes before each frame on a terminal. */
const CLEAR_SCREEN = '\x1b[2J\x1b[1;1H';

export default async function stats(ctx: CommandContext): Promise<number> {
  const f = ctx.flags;
  const interval = f['interval'] as number;
  if (!(interval > 0)) throw new BerthError('invalid-argument', 'invalid interval, must be a positive number greater zero');
  const latest = f['latest'] === true;
  if ((f['all'] === true ? 1 : 0) + (latest ? 1 : 0) + (ctx.args.length ? 1 : 0) > 1) {
    throw new BerthError('invalid-argument', '--all, --latest and containers cannot be used together');
  }
  const format = (f['format'] as string) ?? '';
  const noTrunc = f['no-trunc'] === true;
  const stream = f['no-stream'] !== true;
  const clear = stream && f['no-reset'] !== true && isTerminal(1);
  const engine = await getEngine(ctx.globals);
  try {
    const names = latest ? [await latestId(engine, { notFound: 'unable to get list of containers: no such container' })] : ctx.args;
    let previous = new Map<string, StatsSample>();
    for (;;) {
      const samples = await engine.containers.stats(names);
      const rows = samples.map((s) => computeStats(s, previous.get(s.id)));
      previous = new Map(samples.map((s) => [s.id, s]));
      const out = isJSONFormat(format)
        ? formatList(rows.map((r) => statsJSON(r, noTrunc)), { format: 'json', defaultTable: STATS_DEFAULT_FORMAT, json: { indent: ' ' } })
        : formatList(rows.map((r) => statsView(r, noTrunc)), {
          format, defaultTable: STATS_DEFAULT_FORMAT, headers: STATS_HEADERS, fields: Object.keys(statsView(computeStats(NO_SAMPLE), false)), name: 'stats',
        });
      process.stdout.write((clear ? CLEAR_SCREEN : '') + out);
      if (!stream) return 0;
      await new Promise((resolve) => setTimeout(resolve, interval * 1000));
    }
  } finally {
    await engine.close();
  }
}
