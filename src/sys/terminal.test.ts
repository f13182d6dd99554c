import { test } from 'node:test';
import assert from 'node:assert/strict';
import { closeSync, openSync } from 'node:fs';
import { isatty } from 'node:tty';
import { isTerminal } from './terminal.ts';

test('isTerminal agrees with isatty on files, /dev/null, pipes and closed fds', () => {
  const fds: number[] = [];
  try {
    for (const p of ['/dev/null', '/dev/zero', '/etc/hostname', '/proc/self/status']) fds.push(openSync(p, 'r'));
    for (const fd of fds) assert.equal(isTerminal(fd), false);
    for (const fd of [0, 1, 2]) assert.equal(isTerminal(fd), isatty(fd), `fd ${fd}`);
    assert.equal(isTerminal(9999), false);
  } finally {
    for (const fd of fds) closeSync(fd);
  }
});
