import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DetachMatcher, parseDetachKeys } from './attach-keys.ts';
import { isBerthError } from '../util/errors.ts';

test('parseDetachKeys', () => {
  const cases: Array<[string, number[] | null]> = [
    ['ctrl-p,ctrl-q', [16, 17]],
    ['ctrl-a', [1]],
    ['ctrl-@,ctrl-[,ctrl-\\,ctrl-],ctrl-^,ctrl-_', [0, 27, 28, 29, 30, 31]],
    ['a,b', [97, 98]],
    ['CTRL-X', [24]],
    ['', []],
    ['ctrl-1', null],
    ['ctrlp', null],
    ['ab', null],
  ];
  for (const [spec, want] of cases) {
    if (want === null) {
      assert.throws(() => parseDetachKeys(spec), (e) => isBerthError(e) && e.exitCode === 125, spec);
    } else {
      assert.deepEqual([...parseDetachKeys(spec)], want, spec);
    }
  }
});

test('DetachMatcher', () => {
  const P = 16;
  const Q = 17;
  const cases: Array<{ name: string; keys: number[]; chunks: number[][]; forwarded: number[]; detach: boolean }> = [
    { name: 'plain text', keys: [P, Q], chunks: [[104, 105]], forwarded: [104, 105], detach: false },
    { name: 'sequence in one chunk', keys: [P, Q], chunks: [[104, P, Q, 105]], forwarded: [104], detach: true },
    { name: 'sequence split', keys: [P, Q], chunks: [[104, P], [Q]], forwarded: [104], detach: true },
    { name: 'broken sequence is passed on', keys: [P, Q], chunks: [[P, 120]], forwarded: [P, 120], detach: false },
    { name: 'p p q detaches', keys: [P, Q], chunks: [[P, P, Q]], forwarded: [P], detach: true },
    { name: 'disabled', keys: [], chunks: [[P, Q]], forwarded: [P, Q], detach: false },
    { name: 'single key', keys: [P], chunks: [[1, P, 2]], forwarded: [1], detach: true },
  ];
  for (const c of cases) {
    const m = new DetachMatcher(Buffer.from(c.keys));
    const fwd: number[] = [];
    let detach = false;
    for (const ch of c.chunks) {
      const r = m.feed(Buffer.from(ch));
      fwd.push(...r.forward);
      if (r.detach) {
        detach = true;
        break;
      }
    }
    assert.deepEqual(fwd, c.forwarded, c.name);
    assert.equal(detach, c.detach, c.name);
  }
});
