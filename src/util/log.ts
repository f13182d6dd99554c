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
    process.stderr.write(`time="${new Date().toISOString()}" level=${level} msg=${m}\n`);
  }
}

export const log = {
  trace: (m: string) => emit('trace', m),
  debug: (m: string) => emit('debug', m),
  info: (m: string) => emit('info', m),
  warn: (m: string) => emit('warn', m),
  error: (m: string) => emit('error', m),
};
