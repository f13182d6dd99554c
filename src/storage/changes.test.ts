// Table-driven tests for containerChanges: added, changed, whiteouts and opaque directories.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { containerChanges, type UpperEntry } from './changes.ts';

function lowerOf(paths: string[]) {
  const set = new Set(paths);
  return {
    exists: (p: string) => set.has(p),
  };
}

const image = ['/etc', '/etc/passwd', '/etc/group', '/bin', '/bin/sh', '/usr', '/usr/share', '/usr/share/a', '/usr/share/b'];

const cases: Array<{ name: string; upper: UpperEntry[]; want: string[] }> = [
  { name: 'nothing changed', upper: [], want: [] },
  { name: 'new file in existing dir', upper: [{ path: '/etc', kind: 'dir' }, { path: '/etc/new', kind: 'other' }], want: ['C /etc', 'A /etc/new'] },
  { name: 'modified file', upper: [{ path: '/etc', kind: 'dir' }, { path: '/etc/passwd', kind: 'other' }], want: ['C /etc', 'C /etc/passwd'] },
  { name: 'deleted file', upper: [{ path: '/bin', kind: 'dir' }, { path: '/bin/sh', kind: 'whiteout' }], want: ['C /bin', 'D /bin/sh'] },
  {
    name: 'new dir tree is all added',
    upper: [{ path: '/data', kind: 'dir' }, { path: '/data/x', kind: 'dir' }, { path: '/data/x/f', kind: 'other' }],
    want: ['A /data', 'A /data/x', 'A /data/x/f'],
  },
  {
    name: 'an opaque dir over an image dir is D (as containers/storage); what it holds again is C or A by the image',
    upper: [{ path: '/usr', kind: 'dir' }, { path: '/usr/share', kind: 'opaque-dir' }, { path: '/usr/share/b', kind: 'other' }, { path: '/usr/share/c', kind: 'other' }],
    want: ['C /usr', 'D /usr/share', 'C /usr/share/b', 'A /usr/share/c'],
  },
  {
    name: 'the runtime\'s mount points and run files are left out, their parents are not',
    upper: [{ path: '/etc', kind: 'dir' }, { path: '/etc/hosts', kind: 'other' }, { path: '/etc/hostname', kind: 'other' }, { path: '/proc', kind: 'dir' },
      { path: '/run', kind: 'dir' }, { path: '/run/.containerenv', kind: 'other' }, { path: '/run/mine', kind: 'other' }, { path: '/sys', kind: 'dir' }],
    want: ['C /etc', 'A /run/mine'],
  },
  { name: 'opaque dir new to the image', upper: [{ path: '/new', kind: 'opaque-dir' }], want: ['A /new'] },
  { name: 'whiteout of something the image lacks is ignored', upper: [{ path: '/ghost', kind: 'whiteout' }], want: [] },
  { name: 'deleted directory is one line', upper: [{ path: '/usr', kind: 'whiteout' }], want: ['D /usr'] },
  {
    name: 'sorted by path bytes regardless of input order',
    upper: [{ path: '/etc/new', kind: 'other' }, { path: '/a', kind: 'other' }, { path: '/etc', kind: 'dir' }, { path: '/etc-x', kind: 'other' }],
    want: ['A /a', 'C /etc', 'A /etc-x', 'A /etc/new'],
  },
];

for (const c of cases) {
  test(`containerChanges: ${c.name}`, () => {
    const got = containerChanges(c.upper, lowerOf(image)).map((x) => `${x.kind} ${x.path}`);
    assert.deepEqual(got, c.want);
  });
}
