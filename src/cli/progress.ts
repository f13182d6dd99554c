// Pull progress on stderr: Podman 4.3's plain lines when stderr is not a terminal, per-blob bars redrawn in place on one.
import type { PullEvent } from '../engine/images.ts';

export interface ProgressWriter {
  write(s: string): void;
  columns?: number;
}

/** Podman's bar sizes: `500.0b`, `5.2MiB`, `1.1GiB`. */
export function formatBytes(n: number): string {
  const units = ['b', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(1)}${units[i]}`;
}

const shortId = (digest: string, n: number) => digest.replace(/^[a-z0-9]+:/, '').slice(0, n);

/** One bar line: `Copying blob 4d14c8f64549 [=====>-----] 5.2MiB / 27.0MiB`, fitted to the terminal width. */
export function barLine(label: string, done: number, total: number, columns = 80): string {
  const sizes = `${formatBytes(done)} / ${formatBytes(total)}`;
  const width = Math.max(10, Math.min(38, columns - label.length - sizes.length - 5));
  const filled = total > 0 ? Math.min(width, Math.floor((done / total) * width)) : 0;
  const bar = filled >= width ? '='.repeat(width) : `${'='.repeat(filled)}>${'-'.repeat(width - filled - 1)}`;
  return `${label} [${bar}] ${sizes}`;
}

/** Podman's non-terminal output: each step once, full digests, no progress. */
export function plainRenderer(out: ProgressWriter): (e: PullEvent) => void {
  const announced = new Set<string>();
  return (e) => {
    switch (e.type) {
      case 'resolved':
      case 'warning':
        return out.write(`${e.message}\n`);
      case 'trying':
        announced.clear();
        return out.write(`Trying to pull ${e.reference}...\n`);
      case 'signatures':
        return out.write('Getting image source signatures\n');
      case 'blob-start':
      case 'blob-skipped':
        if (announced.has(e.digest)) return;
        announced.add(e.digest);
        return out.write(`Copying blob ${e.digest}\n`);
      case 'config':
        return out.write(`Copying config ${e.digest}\n`);
      case 'manifest':
        return out.write('Writing manifest to image destination\nStoring signatures\n');
      default:
        return;
    }
  };
}

interface Bar {
  label: string;
  done: number;
  total: number;
  state: 'active' | 'done' | 'skipped';
}

/**
 * Terminal output: static lines as in plain mode, plus one bar per blob redrawn in place (cursor up, clear to end)
 * at most every `intervalMs`; finished bars read `done` or `skipped: already exists`, as Podman's do.
 */
export function ttyRenderer(out: ProgressWriter, intervalMs = 100): { onEvent: (e: PullEvent) => void; finish: () => void } {
  let bars: Bar[] = [];
  const byDigest = new Map<string, Bar>();
  let drawn = 0;
  let last = 0;
  const line = (b: Bar) => {
    if (b.state === 'done') return `${b.label} done`;
    if (b.state === 'skipped') return `${b.label} skipped: already exists`;
    return barLine(b.label, b.done, b.total, out.columns ?? 80);
  };
  const draw = (force = false) => {
    const now = Date.now();
    if (!force && now - last < intervalMs) return;
    last = now;
    let s = drawn ? `\x1b[${drawn}A\x1b[J` : '';
    for (const b of bars) s += `${line(b)}\n`;
    drawn = bars.length;
    out.write(s);
  };
  const settle = () => {
    if (bars.length) draw(true);
    bars = [];
    byDigest.clear();
    drawn = 0;
  };
  const bar = (digest: string, kind = 'blob', total = 0) => {
    let b = byDigest.get(digest);
    if (!b) {
      b = { label: `Copying ${kind} ${shortId(digest, kind === 'blob' ? 12 : 10)}`, done: 0, total, state: 'active' };
      byDigest.set(digest, b);
      bars.push(b);
    }
    return b;
  };
  const onEvent = (e: PullEvent) => {
    switch (e.type) {
      case 'resolved':
      case 'warning':
        settle();
        return out.write(`${e.message}\n`);
      case 'trying':
        settle();
        return out.write(`Trying to pull ${e.reference}...\n`);
      case 'signatures':
        return out.write('Getting image source signatures\n');
      case 'blob-start': {
        const b = bar(e.digest, 'blob', e.size);
        b.done = e.resumedFrom ?? 0;
        return draw(true);
      }
      case 'blob-progress': {
        const b = bar(e.digest, 'blob', e.size);
        b.done = e.done;
        return draw();
      }
      case 'blob-skipped':
        if (byDigest.get(e.digest)?.state === 'done') return;
        bar(e.digest).state = 'skipped';
        return draw(true);
      case 'blob-done':
        bar(e.digest).state = 'done';
        return draw(true);
      case 'config':
        bar(e.digest, 'config').state = 'done';
        return draw(true);
      case 'manifest':
        settle();
        return out.write('Writing manifest to image destination\nStoring signatures\n');
    }
  };
  return { onEvent, finish: settle };
}
