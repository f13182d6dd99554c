// How start, restart and init report a container that fails to start: podman's words and exit code 125 for all three.
import type { Engine } from '../../engine/types.ts';
import { BerthError, isBerthError } from '../../util/errors.ts';

/**
 * `run` exits 126/127 when the runtime cannot invoke the command (podman's codes); `start`, `restart` and `init` exit
 * 125 for the same failure, `start` naming the container (`unable to start container "<id>": …`; with -a the ID is
 * not quoted, as podman 4.3 prints it). A container that is not there stays podman's bare "no such container".
 */
export async function startFailure(engine: Engine, input: string, e: unknown, prefix: 'quoted' | 'bare' | 'none'): Promise<unknown> {
  if (!isBerthError(e) || e.code === 'not-found') return e;
  let message = e.message;
  // A dependency that failed to start has already been reported in these words (container/depend.ts).
  if (prefix !== 'none' && !message.startsWith('unable to start container ')) {
    const id = (await engine.containers.inspect([input]).catch(() => undefined))?.containers[0]?.Id ?? input;
    message = `unable to start container ${prefix === 'quoted' ? `"${id}"` : id}: ${message}`;
  }
  return new BerthError(e.code, message, { exitCode: 125, cause: e, ...(e.hint ? { hint: e.hint } : {}) });
}
