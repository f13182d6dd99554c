// conmon's k8s-file container logs: parsing, --tail (read backwards), --since/--until, -t, and follow.
import fs from 'node:fs';
import type { Writable } from 'node:stream';

export type LogStream = 'stdout' | 'stderr';

export interface LogRecord {
  /** The timestamp as conmon wrote it (RFC 3339 with nanoseconds and a numeric offset). */
  timestamp: string;
  time: Date;
  stream: LogStream;
  partial: boolean;
  text: string;
}

/** A whole line of output: partial records joined; `time`/`timestamp` are those of the final record. */
export interface LogEntry {
  timestamp: string;
  time: Date;
  stream: LogStream;
  text: string;
  /** Output the container wrote without a final newline (only ever the last entry): printed as is, like podman. */
  partial?: boolean;
}

/** Parses `<timestamp> stdout|stderr F|P <text>`; null for anything else. */
export function parseLogRecord(line: string): LogRecord | null {
  const a = line.indexOf(' ');
  const b = line.indexOf(' ', a + 1);
  const c = line.indexOf(' ', b + 1);
  if (a < 0 || b < 0) return null;
  const stream = line.slice(a + 1, b);
  if (stream !== 'stdout' && stream !== 'stderr') return null;
  const tag = c < 0 ? line.slice(b + 1) : line.slice(b + 1, c);
  if (tag !== 'F' && tag !== 'P') return null;
  const timestamp = line.slice(0, a);
  const time = new Date(timestamp);
  if (Number.isNaN(time.getTime())) return null;
  return { timestamp, time, stream, partial: tag === 'P', text: c < 0 ? '' : line.slice(c + 1) };
}

/** Go's "2006-01-02T15:04:05.000000000Z07:00" of a conmon timestamp: 9 fraction digits, Z for a zero offset. */
export function formatLogTimestamp(ts: string): string {
  const m = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d+))?(Z|[+-]\d\d:?\d\d)$/.exec(ts);
  if (!m) return ts;
  const frac = (m[2] ?? '').slice(0, 9).padEnd(9, '0');
  let zone = m[3]!;
  if (zone !== 'Z') {
    zone = zone.length === 5 ? `${zone.slice(0, 3)}:${zone.slice(3)}` : zone;
    if (/^[+-]00:00$/.test(zone)) zone = 'Z';
  }
  return `${m[1]}.${frac}${zone}`;
}

export interface LogOptions {
  /** Only the last N lines (N >= 0); undefined = all. */
  tail?: number;
  since?: Date;
  until?: Date;
  timestamps?: boolean;
  /** Keep reading as the file grows until `isDone()` returns true (the container exited). */
  follow?: boolean;
  isDone?: () => boolean;
  /** Polling period while following (default 100 ms; fs.watch wakes it earlier). */
  pollMs?: number;
  signal?: AbortSignal;
  /** A prefix per line (podman's container id or name with several containers). */
  prefix?: string;
}

const CHUNK = 64 * 1024;
const isFull = (rec: Buffer) => {
  // `<ts> <stream> F ...`: the tag is after the second space.
  const a = rec.indexOf(0x20);
  const b = a < 0 ? -1 : rec.indexOf(0x20, a + 1);
  return b >= 0 && rec[b + 1] === 0x46 /* F */ && (rec.length === b + 2 || rec[b + 2] === 0x20);
};

/**
 * The byte offset where the last `n` full lines start, reading backwards in chunks (memory bounded by
 * the chunk size). A trailing unterminated record is ignored.
 */
export function tailOffset(fd: number, size: number, n: number): number {
  if (n <= 0) return size;
  const head = Buffer.alloc(64);
  const fullAt = (start: number) => isFull(head.subarray(0, fs.readSync(fd, head, 0, head.length, start)));
  const buf = Buffer.alloc(CHUNK);
  let full = 0;
  let recEnd = -1; // the newline ending the record being examined
  let pos = size;
  while (pos > 0) {
    const len = Math.min(CHUNK, pos);
    pos -= len;
    fs.readSync(fd, buf, 0, len, pos);
    for (let i = len - 1; i >= 0; i--) {
      if (buf[i] !== 0x0a) continue;
      const p = pos + i;
      if (recEnd >= 0 && fullAt(p + 1) && ++full === n + 1) return recEnd + 1;
      recEnd = p;
    }
  }
  if (recEnd >= 0 && fullAt(0) && ++full === n + 1) return recEnd + 1;
  return 0;
}

/** Streams log entries (partial records joined) from a k8s-file log. */
export async function* readLogs(file: string, o: LogOptions = {}): AsyncGenerator<LogEntry> {
  const fd = fs.openSync(file, 'r');
  let watcher: fs.FSWatcher | undefined;
  let wake: (() => void) | undefined;
  try {
    let pos = o.tail === undefined ? 0 : tailOffset(fd, fs.fstatSync(fd).size, o.tail);
    let pending = Buffer.alloc(0);
    let partial = '';
    let lastPartial: LogRecord | undefined;
    const buf = Buffer.alloc(CHUNK);
    // The container's last output had no newline: conmon recorded it as P records with no F to close them.
    const trailing = (): LogEntry | undefined => {
      if (!lastPartial) return undefined;
      const r = lastPartial;
      if ((o.since && r.time < o.since) || (o.until && r.time > o.until)) return undefined;
      return { timestamp: r.timestamp, time: r.time, stream: r.stream, text: partial, partial: true };
    };
    if (o.follow) {
      try {
        watcher = fs.watch(file, () => wake?.());
        watcher.on('error', () => undefined);
      } catch {
        watcher = undefined;
      }
    }
    for (;;) {
      if (o.signal?.aborted) return;
      const n = fs.readSync(fd, buf, 0, CHUNK, pos);
      if (n > 0) {
        pos += n;
        pending = Buffer.concat([pending, buf.subarray(0, n)]);
        let nl: number;
        while ((nl = pending.indexOf(0x0a)) >= 0) {
          const line = pending.subarray(0, nl).toString('utf8');
          pending = pending.subarray(nl + 1);
          const r = parseLogRecord(line);
          if (!r) continue;
          if (r.partial) {
            partial += r.text;
            lastPartial = r;
            continue;
          }
          const text = partial + r.text;
          partial = '';
          lastPartial = undefined;
          if (o.since && r.time < o.since) continue;
          if (o.until && r.time > o.until) continue;
          yield { timestamp: r.timestamp, time: r.time, stream: r.stream, text };
        }
        continue;
      }
      if (!o.follow) {
        const t = trailing();
        if (t) yield t;
        return;
      }
      if (fs.fstatSync(fd).size < pos) pos = 0; // truncated (log rotation by --log-size-max)
      const finished = o.isDone?.() ?? false;
      if (finished) {
        // One more read after the exit was seen: conmon flushes before writing the exit file.
        if (fs.readSync(fd, buf, 0, 1, pos) === 0) {
          const t = trailing();
          if (t) yield t;
          return;
        }
        continue;
      }
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, o.pollMs ?? 100);
        wake = () => {
          clearTimeout(t);
          resolve();
        };
        o.signal?.addEventListener('abort', wake, { once: true });
      });
      wake = undefined;
    }
  } finally {
    watcher?.close();
    fs.closeSync(fd);
  }
}

/** One entry as podman logs prints it. */
export function formatLogEntry(e: LogEntry, o: Pick<LogOptions, 'timestamps' | 'prefix'> = {}): string {
  let s = o.prefix ? `${o.prefix} ` : '';
  if (o.timestamps) s += `${formatLogTimestamp(e.timestamp)} `;
  return `${s}${e.text}${e.partial ? '' : '\n'}`;
}

/** Copies a container's log to stdout/stderr like `podman logs` (stderr records go to stderr). */
export async function writeLogs(file: string, o: LogOptions, stdout: Writable, stderr: Writable): Promise<void> {
  for await (const e of readLogs(file, o)) {
    const dest = e.stream === 'stderr' ? stderr : stdout;
    if (!dest.write(formatLogEntry(e, o))) await new Promise<void>((r) => dest.once('drain', () => r()));
  }
}
