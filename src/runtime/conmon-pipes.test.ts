import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MessageReader, parseConmonMessage } from './conmon-pipes.ts';

test('parseConmonMessage accepts api v1 and legacy keys', () => {
  const cases: Array<[string, unknown]> = [
    ['{"data": 1234}', { data: 1234 }],
    ['{"data": -1, "message": "runc create failed: x"}', { data: -1, message: 'runc create failed: x' }],
    ['{"pid": 7}', { data: 7 }],
    ['{"exit_code": 3}', { data: 3 }],
  ];
  for (const [line, want] of cases) assert.deepEqual(parseConmonMessage(line), want);
  assert.throws(() => parseConmonMessage('{"x": 1}'));
});

test('MessageReader splits lines across chunks and reports the end', async () => {
  let closed = 0;
  const r = new MessageReader(() => closed++);
  const first = r.next();
  r.feed('{"data": 1');
  r.feed('2}\n\n{"data": 7}\n{"data"');
  assert.deepEqual(await first, { data: 12 });
  assert.deepEqual(await r.next(), { data: 7 });
  const last = r.next();
  r.end();
  assert.equal(await last, null);
  assert.equal(await r.next(), null);
  r.close();
  assert.equal(closed, 1);
});
