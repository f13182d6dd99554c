// Leveled logging to stderr in logrus's two shapes (terminal and key=value), as Podman prints it.

export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal' | 'panic';
const ORDER: LogLevel[] = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'panic'];
const SHORT: Record<LogLevel, string> = {
  trace: 'TRAC', debug: 'DEBU', info: 'INFO', warn: 'WARN', error: 'ERRO', fatal: 'FATA', panic: 'PANI',
};

let threshold = ORDER.indexOf('warn');
const started = Date.now();

export function isLogLevel(s: string): s is LogLevel {
  return (ORDER as string[]).includes(s);
}

export function setLogLevel(level: LogLevel): void {
  threshold = ORDER.indexOf(level);
}

export function enabled(level: LogLevel): boolean {
  return ORDER.indexOf(level) >= threshold;
}

function emit(level: LogLevel, msg: string): void {
  if (!enabled(level)) return;
  if (process.stderr.isTTY) {
    const secs = String(Math.floor((Date.now() - started) / 1000)).padStart(4, '0');
    process.stderr.write(`${SHORT[level]}[${secs}] ${msg}\n`);
  } else {
    const m = JSON.stringify(msg);
    process.stderr.write(`time="${rfc3339(new Date())}" level=${level} msg=${m}\n`);
  }
}

/** logrus's default timestamp: RFC 3339 to the second in local time, `Z` for UTC (2026-11-28T15:24:00+01:00). */
export function rfc3339(d: Date): string {
  const off = -d.getTimezoneOffset();
  const p = (n: number) => String(Math.floor(Math.abs(n))).padStart(2, '0');
  const zone = off === 0 ? 'Z' : `${off > 0 ? '+' : '-'}${p(off / 60)}:${p(off % 60)}`;
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}${zone}`;
}

export const log = {
  trace: (m: string) => emit('trace', m),
  debug: (m: string) => emit('debug', m),
  info: (m: string) => emit('info', m),
  warn: (m: string) => emit('warn', m),
  error: (m: string) => emit('error', m),
};
