// Reads a user's answer from stdin for podman's [y/N] prompts, synchronously and without consuming past the line.
import { readSync } from 'node:fs';

/**
 * One line from stdin (without its newline), read a byte at a time like Go's bufio.ReadString('\n') so nothing past
 * it is taken from a pipe; undefined at end of input with nothing read.
 */
export function readAnswerLine(): string | undefined {
  const buf = Buffer.alloc(1);
  const bytes: number[] = [];
  for (;;) {
    let n: number;
    try {
      n = readSync(0, buf, 0, 1, null);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') continue;
      if (code === 'EOF') n = 0;
      else throw e;
    }
    if (n === 0) return bytes.length ? Buffer.from(bytes).toString('utf8') : undefined;
    if (buf[0] === 0x0a) return Buffer.from(bytes).toString('utf8');
    bytes.push(buf[0]!);
  }
}

/** Writes `question` to stdout and says whether the answer starts with y or Y (no answer counts as no). */
export function confirm(question: string): boolean {
  process.stdout.write(question);
  return /^y/i.test(readAnswerLine() ?? '');
}
