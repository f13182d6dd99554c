// The local terminal for attached runs: the streams to hand to attach, and pull progress for run/create.
import type { AttachStreams } from '../engine/containers.ts';
import type { PullEvent } from '../engine/images.ts';
import { plainRenderer, ttyRenderer } from './progress.ts';

/** Streams for an attached container: stdin only with -i (raw mode is set by attach when -t and stdin is a TTY). */
export function localStreams(o: { stdin: boolean; detachKeys?: string; sigProxy: boolean }): AttachStreams {
  return {
    ...(o.stdin ? { stdin: process.stdin } : {}),
    stdout: process.stdout,
    stderr: process.stderr,
    ...(o.detachKeys !== undefined ? { detachKeys: o.detachKeys } : {}),
    sigProxy: o.sigProxy,
  };
}

/** Pull progress on stderr while run/create fetch a missing image (bars on a terminal, podman's lines otherwise). */
export function pullProgress(quiet: boolean): { onEvent?: (e: PullEvent) => void; finish: () => void } {
  if (quiet) return { finish: () => {} };
  const stderr = { write: (s: string) => void process.stderr.write(s), columns: process.stderr.columns };
  if (process.stderr.isTTY) return ttyRenderer(stderr);
  return { onEvent: plainRenderer(stderr), finish: () => {} };
}
