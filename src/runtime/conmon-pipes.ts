// Reading conmon's sync/attach pipes: newline-delimited JSON messages `{"data": N, "message": "..."}`.
export interface ConmonMessage {
  /** API version 1: the pid, -1 on failure, or an exec's exit code (second message). */
  data: number;
  message?: string;
}

/** Parses one line conmon wrote (also accepts the pre-v1 keys `pid` and `exit_code`). */
export function parseConmonMessage(line: string): ConmonMessage {
  const j = JSON.parse(line) as { data?: number; pid?: number; exit_code?: number; message?: string };
  const data = j.data ?? j.pid ?? j.exit_code;
  if (typeof data !== 'number') throw new Error(`unexpected message from conmon: ${line}`);
  return j.message === undefined ? { data } : { data, message: j.message };
}

/** Yields messages from conmon's pipe as its bytes are fed in; `next()` resolves null once the pipe has ended. */
export class MessageReader {
  #buf = '';
  #queue: ConmonMessage[] = [];
  #waiters: Array<(m: ConmonMessage | null) => void> = [];
  #ended = false;
  #error: Error | undefined;
  readonly #onClose: () => void;

  /** `onClose`: what close() does to the source (stop reading it). */
  constructor(onClose: () => void = () => undefined) {
    this.#onClose = onClose;
  }

  feed(chunk: string): void {
    this.#buf += chunk;
    let i: number;
    while ((i = this.#buf.indexOf('\n')) >= 0) {
      const line = this.#buf.slice(0, i).trim();
      this.#buf = this.#buf.slice(i + 1);
      if (!line) continue;
      try {
        this.#push(parseConmonMessage(line));
      } catch (e) {
        this.#error = e as Error;
      }
    }
  }

  end(): void {
    this.#ended = true;
    for (const w of this.#waiters.splice(0)) w(null);
  }

  #push(m: ConmonMessage): void {
    const w = this.#waiters.shift();
    if (w) w(m);
    else this.#queue.push(m);
  }

  next(): Promise<ConmonMessage | null> {
    if (this.#error) return Promise.reject(this.#error);
    const m = this.#queue.shift();
    if (m) return Promise.resolve(m);
    if (this.#ended) return Promise.resolve(null);
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  close(): void {
    this.#onClose();
  }
}
