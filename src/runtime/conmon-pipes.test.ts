import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
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
  const s = new PassThrough();
  const r = new MessageReader(s);
  s.write('{"data": 1');
  s.write('2}\n{"data": 7}\n');
  assert.deepEqual(await r.next(), { data: 12 });
  assert.deepEqual(await r.next(), { data: 7 });
  s.end();
  assert.equal(await r.next(), null);
});
