// `berth network port-proxy CONTAINER-ID SPEC...` (hidden): the forwarder for ports published on IPv6 host addresses.
import type { CommandContext } from '../command.ts';
import { parseSpec, serve } from '../../network/port-proxy.ts';

export default async function portProxy(ctx: CommandContext): Promise<number> {
  const specs = ctx.args.slice(1).map(parseSpec);
  await serve(specs);
  // The starter reads this line, then closes our stdout and stderr: nothing may be written after it.
  process.stdout.write('ready\n');
  process.on('uncaughtException', () => undefined);
  process.on('SIGTERM', () => process.exit(0));
  return new Promise<number>(() => undefined); // serves until the container's network teardown stops it
}
