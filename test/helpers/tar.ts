// Builds small tar archives in memory for layer tests (tar-stream as an independent writer to check ours against).
import tar from 'tar-stream';

export type PackEntry = { h: Partial<tar.Header> & { name: string; pax?: Record<string, string> }; body?: string | Buffer };

export async function packed(entries: PackEntry[]): Promise<Buffer> {
  const p = tar.pack();
  for (const e of entries) p.entry(e.h, e.body ?? '');
  p.finalize();
  const chunks: Buffer[] = [];
  for await (const c of p) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}
