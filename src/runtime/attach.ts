// Attach client for conmon's SEQPACKET attach socket: stdio copy, window resize via ctl, detach keys.
import fs from 'node:fs';
import type { Readable, Writable } from 'node:stream';
import { connectSeqpacket, readRecord, shutdownSocket, writeRecord, SHUT_WR } from '../sys/socket.ts';
import { DEFAULT_DETACH_KEYS, DetachMatcher, parseDetachKeys } from './attach-keys.ts';

/** The first byte of each record conmon sends on the attach socket (conmon's stdpipe_t). */
export const STREAM_STDOUT = 2;
export const STREAM_STDERR = 3;
/** conmon's ctl FIFO message types. */
export const CTL_RESIZE = 1;
export const CTL_REOPEN_LOGS = 2;

export interface AttachOptions {
  socketPath: string;
  /** conmon's ctl FIFO (<bundle>/ctl) for window resizes; optional. */
  ctlPath?: string;
  stdin?: Readable;
  stdout: Writable;
  stderr: Writable;
  tty: boolean;
  /** Podman syntax, default ctrl-p,ctrl-q; '' disables. */
  detachKeys?: string;
  /** Forward the terminal size of `stdout` (if a TTY) now and on every resize (default: tty). */
  resize?: boolean;
  /** Close the container's stdin (shutdown the socket's write side) when `stdin` ends (default true). */
  closeStdinOnEnd?: boolean;
}

export type AttachResult = 'exited' | 'detached';

/** Writes one resize message to conmon's ctl FIFO (`1 <height> <width>\n`). */
export function sendResize(ctlPath: string, height: number, width: number): void {
  const fd = fs.openSync(ctlPath, fs.constants.O_WRONLY | fs.constants.O_NONBLOCK);
  try {
    fs.writeSync(fd, `${CTL_RESIZE} ${height} ${width}\n`);
  } finally {
    fs.closeSync(fd);
  }
}

/** Splits a record into its stream id and payload. */
export function decodeRecord(rec: Buffer): { stream: number; data: Buffer } {
  return { stream: rec[0] ?? 0, data: rec.subarray(1) };
}

/**
 * Attaches to a container through conmon's attach socket until the container exits (conmon closes the
 * socket) or the user types the detach keys.
 */
export async function attach(o: AttachOptions): Promise<AttachResult> {
  const keys = parseDetachKeys(o.detachKeys ?? DEFAULT_DETACH_KEYS);
  const fd = connectSeqpacket(o.socketPath);
  const matcher = new DetachMatcher(keys);
  let detached = false;
  let closed = false;
  const cleanups: Array<() => void> = [];

  const stop = (how: 'detach' | 'end') => {
    if (how === 'detach') detached = true;
    if (!closed) shutdownSocket(fd);
  };

  if (o.stdin) {
    const stdin = o.stdin as Readable & { isTTY?: boolean; setRawMode?: (raw: boolean) => void };
    if (o.tty && stdin.isTTY && stdin.setRawMode) {
      stdin.setRawMode(true);
      cleanups.push(() => stdin.setRawMode!(false));
    }
    const onData = (chunk: Buffer | string) => {
      const b = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      const { forward, detach } = matcher.feed(b);
      try {
        if (forward.length > 0 && !closed) writeRecord(fd, forward);
      } catch {
        // the container side is gone: the read loop ends on its own
      }
      if (detach) stop('detach');
    };
    const onEnd = () => {
      if ((o.closeStdinOnEnd ?? true) && !closed) shutdownSocket(fd, SHUT_WR);
    };
    stdin.on('data', onData);
    stdin.on('end', onEnd);
    stdin.resume();
    cleanups.push(() => {
      stdin.off('data', onData);
      stdin.off('end', onEnd);
      stdin.pause();
    });
  }

  if (o.ctlPath && (o.resize ?? o.tty)) {
    const out = o.stdout as Writable & { isTTY?: boolean; rows?: number; columns?: number };
    if (out.isTTY) {
      const onResize = () => {
        try {
          if (out.rows && out.columns) sendResize(o.ctlPath!, out.rows, out.columns);
        } catch {
          // conmon gone
        }
      };
      onResize();
      out.on('resize', onResize);
      cleanups.push(() => out.off('resize', onResize));
    }
  }

  try {
    for (;;) {
      const rec = await readRecord(fd);
      if (rec === null) break;
      const { stream, data } = decodeRecord(rec);
      if (data.length === 0) continue;
      const dest = stream === STREAM_STDERR ? o.stderr : o.stdout;
      if (!dest.write(data)) await new Promise<void>((r) => dest.once('drain', () => r()));
    }
  } finally {
    closed = true;
    for (const c of cleanups.reverse()) c();
    fs.closeSync(fd);
  }
  return detached ? 'detached' : 'exited';
}
