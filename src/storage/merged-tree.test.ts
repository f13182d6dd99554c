// mergedTree on real layer dirs: whiteouts, opaque directories, a directory merged across layers with a gap.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mknod, lsetxattr } from '../sys/fs.ts';
import { OPAQUE_XATTR } from './apply.ts';
import { mergedTree } from './upper-changes.ts';
import type { TreeNode } from './tree-changes.ts';

const S_IFCHR = 0o020000;
const paths = (n: TreeNode, at = ''): string[] =>
  [...(n.children ?? [])].flatMap(([name, c]) => [`${at}/${name}`, ...paths(c, `${at}/${name}`)]).sort();

test('mergedTree shows what overlay would: whiteouts hide, opaque directories hide below, directories merge', (t) => {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-merged-'));
  t.after(() => fs.rmSync(base, { recursive: true, force: true }));
  const layer = (name: string, files: string[], dirs: string[] = []) => {
    const root = path.join(base, name);
    for (const d of dirs) fs.mkdirSync(path.join(root, d), { recursive: true });
    for (const f of files) {
      fs.mkdirSync(path.dirname(path.join(root, f)), { recursive: true });
      fs.writeFileSync(path.join(root, f), f);
    }
    fs.mkdirSync(root, { recursive: true });
    return root;
  };
  const bottom = layer('bottom', ['/d/a', '/d/b', '/e/f', '/m/low', '/s/deep/x']);
  const middle = layer('middle', ['/other'], ['/m']);
  const top = layer('top', ['/e/g', '/n', '/m/high'], ['/d']);
  mknod(path.join(top, 'd', 'a'), S_IFCHR | 0o000, 0n);
  lsetxattr(path.join(top, 'e'), OPAQUE_XATTR, Buffer.from('y'));
  fs.writeFileSync(path.join(top, 's'), 'now a file');
  assert.deepEqual(paths(mergedTree([top, middle, bottom])), [
    '/d', '/d/b', // a whited out
    '/e', '/e/g', // opaque: f hidden
    '/m', '/m/high', '/m/low', // merged across all three
    '/n', '/other', '/s', // a file over a directory hides what was under it
  ]);
  const s = mergedTree([top, middle, bottom]).children!.get('s')!;
  assert.equal(s.children, undefined, 'the topmost copy wins');
  assert.deepEqual(paths(mergedTree([bottom])), ['/d', '/d/a', '/d/b', '/e', '/e/f', '/m', '/m/low', '/s', '/s/deep', '/s/deep/x']);
});
