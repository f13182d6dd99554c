// The local terminal: the streams to hand to attach, pull progress for run/create, the short-name prompt for pulls.
import type { Writable } from 'node:stream';
import type { AttachStreams } from '../engine/containers.ts';
import type { PullEvent, ShortNameChooser } from '../engine/images.ts';
import { isTerminal } from '../sys/terminal.ts';
import { BerthError } from '../util/errors.ts';
import { plainRenderer, ttyRenderer } from './progress.ts';

/**
 * Podman's "Please select an image" list for an ambiguous short name, when stdin and stdout are both terminals
 * (undefined otherwise: the engine then behaves as podman without a TTY). The list loads only when it is shown.
 */
export function shortNameChooser(): ShortNameChooser | undefined {
  // Not process.stdin.isTTY: touching process.stdin builds a stream (~2 ms of every run).
  if (!isTerminal(0) || !isTerminal(1)) return undefined;
  return async (candidates) => {
    const { selectOne } = await import('./select.ts');
    return selectOne('Please select an image', candidates, { input: process.stdin, output: process.stdout });
  };
}

/**
 * Streams for an attached container: stdin only with -i (raw mode is set by attach when -t and stdin is a TTY).
 * process.stdout and process.stderr are taken on first write: building them loads Node's stream modules (~2 ms), which
 * a container that prints nothing never needs.
 */
export function localStreams(o: { stdin: boolean; detachKeys?: string; sigProxy: boolean }): AttachStreams {
  let stdout: Writable | undefined;
  let stderr: Writable | undefined;
  return {
    ...(o.stdin ? { stdin: process.stdin } : {}),
    get stdout(): Writable {
      return (stdout ??= process.stdout);
    },
    set stdout(w: Writable) {
      stdout = w;
    },
    get stderr(): Writable {
      return (stderr ??= process.stderr);
    },
    set stderr(w: Writable) {
      stderr = w;
    },
    ...(o.detachKeys !== undefined ? { detachKeys: o.detachKeys } : {}),
    sigProxy: o.sigProxy,
  };
}

/** Pull progress on stderr while run/create fetch a missing image (bars on a terminal, podman's lines otherwise). */
export function pullProgress(quiet: boolean): { onEvent?: (e: PullEvent) => void; finish: () => void } {
  if (quiet) return { finish: () => {} };
  // process.stderr only once there is something to show (see localStreams).
  const stderr = {
    write: (s: string) => void process.stderr.write(s),
    get columns() {
      return process.stderr.columns;
    },
  };
  if (isTerminal(2)) return ttyRenderer(stderr);
  return { onEvent: plainRenderer(stderr), finish: () => {} };
}

/**
 * podman's CLI checks for the passthrough log driver (from --log-driver or containers.conf), whose container writes
 * straight to this process's stdio: none of it may be a terminal (a container could type into it with TIOCSTI).
 */
export function checkPassthroughStdio(): void {
  if (isTerminal(0) || isTerminal(1) || isTerminal(2)) {
    throw new BerthError('invalid-argument', "the '--log-driver passthrough' option cannot be used on a TTY");
  }
}
