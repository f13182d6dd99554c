import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { decodeKeys, finalFrame, firstFrame, frameLines, move, redraw, selectOne, type SelectState } from './select.ts';

const items = (n: number) => Array.from({ length: n }, (_, i) => `127.0.0.1:59${91 + i}/library/busybox:latest`);
const onlcr = (s: string) => s.replace(/\n/g, '\r\n');

// Bytes recorded from podman 4.3.1 in a pty (`pull library/busybox` with two unqualified-search registries).
const PODMAN_FIRST =
  '\x1b[?25l\x1b[2K\r\x1b[34m?\x1b[0m Please select an image: \r\n' +
  '\x1b[2K\r  \x1b[1m\u25b8\x1b[0m \x1b[4m127.0.0.1:5991/library/busybox:latest\x1b[0m\r\n' +
  '\x1b[2K\r    127.0.0.1:5992/library/busybox:latest\r\n\x1b[J';
const PODMAN_SECOND =
  '\x1b[J\x1b[1A\x1b[1A\x1b[1A\x1b[2K\r\x1b[34m?\x1b[0m Please select an image: \x1b[1B' +
  '\x1b[2K\r    127.0.0.1:5991/library/busybox:latest\x1b[1B' +
  '\x1b[2K\r  \x1b[1m\u25b8\x1b[0m \x1b[4m127.0.0.1:5992/library/busybox:latest\x1b[0m\x1b[1B';
const PODMAN_CHOSEN =
  '\x1b[1A\x1b[2K\r\x1b[1A\x1b[2K\r\x1b[1A\x1b[2K\r\x1b[2K\r\x1b[32m\x1b[32m\u2714\x1b[0m \x1b[2m127.0.0.1:5992/library/busybox:latest\x1b[0m\r\n\x1b[?25h\x1b[J';

test('select frames match podman 4.3 byte for byte (after the terminal turns \\n into \\r\\n)', () => {
  const s: SelectState = { items: items(2), cursor: 0, top: 0 };
  assert.equal(onlcr(firstFrame('Please select an image', s)), PODMAN_FIRST);
  const s2 = move(s, 'down');
  assert.equal(redraw('Please select an image', s2, 3), PODMAN_SECOND);
  assert.equal(onlcr(finalFrame(3, s2.items[1])), PODMAN_CHOSEN);
  assert.equal(onlcr(finalFrame(3, undefined)), '\x1b[1A\x1b[2K\r\x1b[1A\x1b[2K\r\x1b[1A\x1b[2K\r\x1b[2K\r\r\n\x1b[?25h\x1b[J');
});

test('select scrolls five rows at a time with ↑/↓ markers, no wrap-around', () => {
  let s: SelectState = { items: items(7), cursor: 0, top: 0 };
  const plain = () => frameLines('L', s).slice(1).map((l) => l.replace(/\x1b\[[0-9;]*m/g, ''));
  assert.deepEqual(plain(), ['  ▸ 127.0.0.1:5991/library/busybox:latest', '    127.0.0.1:5992/library/busybox:latest',
    '    127.0.0.1:5993/library/busybox:latest', '    127.0.0.1:5994/library/busybox:latest', '↓   127.0.0.1:5995/library/busybox:latest']);
  s = move(s, 'up');
  assert.equal(s.cursor, 0);
  for (let i = 0; i < 5; i++) s = move(s, 'down');
  assert.deepEqual({ cursor: s.cursor, top: s.top }, { cursor: 5, top: 1 });
  // recorded from podman: the window keeps the cursor on its last row
  assert.deepEqual(plain(), ['↑   127.0.0.1:5992/library/busybox:latest', '    127.0.0.1:5993/library/busybox:latest',
    '    127.0.0.1:5994/library/busybox:latest', '    127.0.0.1:5995/library/busybox:latest', '↓ ▸ 127.0.0.1:5996/library/busybox:latest']);
  s = move(move(s, 'down'), 'down');
  assert.equal(s.cursor, 6);
  s = move(s, 'page-up');
  assert.deepEqual({ cursor: s.cursor, top: s.top }, { cursor: 1, top: 1 });
});

test('keys: arrows (CSI and SS3), j/k, left/right page, enter, ^C, ^D', () => {
  assert.deepEqual(decodeKeys('\x1b[A\x1bOBjk\x1b[C\x1b[D\r\n\x03\x04x'),
    ['up', 'down', 'down', 'up', 'page-down', 'page-up', 'enter', 'enter', 'interrupt', 'eof', 'other']);
});

function fakeTty(): NodeJS.ReadStream & { modes: boolean[] } {
  const input = new PassThrough() as unknown as NodeJS.ReadStream & { modes: boolean[] };
  input.modes = [];
  input.isRaw = false;
  input.setRawMode = (m: boolean) => {
    input.modes.push(m);
    input.isRaw = m;
    return input;
  };
  return input;
}

test('selectOne: picks with the keys, restores the terminal mode; ^C rejects with podman\'s "^C"', async () => {
  const input = fakeTty();
  let out = '';
  const p = selectOne('Please select an image', items(3), { input, output: { write: (s: string) => (out += s) } });
  input.write('\x1b[Bj');
  input.write('\r');
  assert.equal(await p, items(3)[2]);
  assert.deepEqual(input.modes, [true, false]);
  assert.match(out, /✔\x1b\[0m \x1b\[2m127\.0\.0\.1:5993\/library\/busybox:latest/);
  const input2 = fakeTty();
  const p2 = selectOne('Please select an image', items(2), { input: input2, output: { write: () => true } });
  input2.write('\x03');
  await assert.rejects(p2, { message: '^C' });
  assert.deepEqual(input2.modes, [true, false]);
});
