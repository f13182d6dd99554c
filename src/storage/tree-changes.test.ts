// Unit tests for treeChanges: podman diff NEW OLD over two in-memory trees.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { treeChanges, type TreeNode } from './tree-changes.ts';

const file = (o: Partial<TreeNode> = {}): TreeNode => ({ mode: 0o100644, uid: 0, gid: 0, rdev: 0, size: 1, mtimeNs: 5_000_000_000n, ...o });
const dir = (children: Record<string, TreeNode>, o: Partial<TreeNode> = {}): TreeNode =>
  ({ mode: 0o040755, uid: 0, gid: 0, rdev: 0, size: 4096, mtimeNs: 1n, ...o, children: new Map(Object.entries(children)) });
const lines = (now: TreeNode, old: TreeNode) => treeChanges(now, old).map((c) => `${c.kind} ${c.path}`);

test('treeChanges: what turns the old tree into the new one', () => {
  const base = { etc: dir({ passwd: file(), group: file() }), bin: dir({ sh: file({ mode: 0o100755 }) }) };
  const cases: Array<{ name: string; now: TreeNode; old: TreeNode; want: string[] }> = [
    { name: 'identical trees', now: dir(base), old: dir(base), want: [] },
    { name: 'a new file: A, and its directory C', now: dir({ ...base, etc: dir({ passwd: file(), group: file(), new: file() }) }), old: dir(base), want: ['C /etc', 'A /etc/new'] },
    { name: 'a new directory: A with everything under it', now: dir({ ...base, x: dir({ y: dir({ z: file() }) }) }), old: dir(base), want: ['A /x', 'A /x/y', 'A /x/y/z'] },
    { name: 'a deleted directory: D alone', now: dir({ etc: base.etc }), old: dir(base), want: ['D /bin'] },
    { name: 'a size change is C', now: dir({ ...base, etc: dir({ passwd: file({ size: 2 }), group: file() }) }), old: dir(base), want: ['C /etc', 'C /etc/passwd'] },
    { name: 'a time change is C', now: dir({ ...base, etc: dir({ passwd: file({ mtimeNs: 6_000_000_000n }), group: file() }) }), old: dir(base), want: ['C /etc', 'C /etc/passwd'] },
    { name: 'a time that lost its nanoseconds is the same', now: dir({ ...base, etc: dir({ passwd: file({ mtimeNs: 5_123_456_789n }), group: file() }) }), old: dir(base), want: [] },
    { name: 'a directory\'s own time and size say nothing', now: dir({ ...base, etc: dir({ passwd: file(), group: file() }, { mtimeNs: 99n, size: 1 }) }), old: dir(base), want: [] },
    { name: 'a directory\'s mode is C, alone', now: dir({ ...base, etc: dir({ passwd: file(), group: file() }, { mode: 0o040700 }) }), old: dir(base), want: ['C /etc'] },
    { name: 'owner and capabilities', now: dir({ ...base, bin: dir({ sh: file({ mode: 0o100755, uid: 1, capability: '01' }) }) }), old: dir(base), want: ['C /bin', 'C /bin/sh'] },
    { name: 'a file become a directory: C, and what it holds A', now: dir({ ...base, bin: dir({ sh: dir({ inner: file() }) }) }), old: dir(base), want: ['C /bin', 'C /bin/sh', 'A /bin/sh/inner'] },
    { name: 'the runtime\'s run files are left out, their directory is not', now: dir({ ...base, etc: dir({ passwd: file(), group: file(), hosts: file() }) }), old: dir(base), want: ['C /etc'] },
    { name: 'sorted by path bytes', now: dir({ b: file(), a: file(), B: file() }), old: dir({}), want: ['A /B', 'A /a', 'A /b'] },
  ];
  for (const c of cases) assert.deepEqual(lines(c.now, c.old), c.want, c.name);
});
