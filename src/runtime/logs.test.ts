import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { formatLogTimestamp, parseLogRecord, readLogs, tailOffset, formatLogEntry, type LogOptions } from './logs.ts';

const ts = (s: number) => `2024-05-01T10:00:${String(s).padStart(2, '0')}.000000001+00:00`;
const SAMPLE = [
  `${ts(1)} stdout F one`,
  `${ts(2)} stderr F two`,
  `${ts(3)} stdout P thr`,
  `${ts(4)} stdout P e`,
  `${ts(5)} stdout F e!`,
  `${ts(6)} stdout F `,
  `${ts(7)} stdout F last`,
].join('\n') + '\n';

test('parseLogRecord', () => {
  assert.deepEqual(parseLogRecord(`${ts(1)} stdout P a b `), {
    timestamp: ts(1), time: new Date(ts(1)), stream: 'stdout', partial: true, text: 'a b ',
  });
  assert.equal(parseLogRecord(`${ts(1)} stdout F`)?.text, '');
  assert.equal(parseLogRecord('garbage'), null);
  assert.equal(parseLogRecord(`${ts(1)} other F x`), null);
});

test('formatLogTimestamp is Go RFC3339 with 9 digits', () => {
  const cases: Array<[string, string]> = [
    ['2024-05-01T10:00:01.000000001+00:00', '2024-05-01T10:00:01.000000001Z'],
    ['2024-05-01T10:00:01.5+02:00', '2024-05-01T10:00:01.500000000+02:00'],
    ['2024-05-01T10:00:01Z', '2024-05-01T10:00:01.000000000Z'],
  ];
  for (const [i, o] of cases) assert.equal(formatLogTimestamp(i), o);
});

async function collect(file: string, o: LogOptions): Promise<string> {
  let s = '';
  for await (const e of readLogs(file, o)) s += `${e.stream[3]}:${formatLogEntry(e, o)}`;
  return s;
}

test('readLogs: partial joining, tail, since/until, timestamps', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-logs-'));
  try {
    const file = path.join(dir, 'ctr.log');
    fs.writeFileSync(file, SAMPLE + `${ts(8)} stdout P unterminated-partial\n`);
    const cases: Array<[LogOptions, string]> = [
      // The last output had no newline: printed as is at the end, as podman does.
      [{}, 'o:one\ne:two\no:three!\no:\no:last\no:unterminated-partial'],
      [{ tail: 2 }, 'o:\no:last\no:unterminated-partial'],
      [{ tail: 3 }, 'o:three!\no:\no:last\no:unterminated-partial'],
      [{ tail: 0 }, ''],
      [{ tail: 100 }, 'o:one\ne:two\no:three!\no:\no:last\no:unterminated-partial'],
      [{ since: new Date(ts(2)), until: new Date(ts(5)) }, 'e:two\no:three!\n'],
      [{ tail: 1, timestamps: true }, 'o:2024-05-01T10:00:07.000000001Z last\no:2024-05-01T10:00:08.000000001Z unterminated-partial'],
    ];
    for (const [o, want] of cases) assert.equal(await collect(file, o), want, JSON.stringify(o));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('tailOffset across chunk boundaries on a large file', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-logs-'));
  try {
    const file = path.join(dir, 'big.log');
    const lines: string[] = [];
    for (let i = 0; i < 20000; i++) lines.push(`${ts(i % 60)} stdout ${i % 3 === 1 ? 'P' : 'F'} line${i}`);
    fs.writeFileSync(file, lines.join('\n') + '\n');
    const fd = fs.openSync(file, 'r');
    const size = fs.fstatSync(fd).size;
    const off = tailOffset(fd, size, 4);
    fs.closeSync(fd);
    const rest = fs.readFileSync(file, 'utf8').slice(off).trim().split('\n');
    assert.equal(rest.filter((l) => l.includes(' F ')).length, 4);
    assert.match(rest[0]!, / P line19993$/); // the partial record before the first full line belongs to it
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('readLogs follow stops once done and picks up appended lines', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-logs-'));
  try {
    const file = path.join(dir, 'ctr.log');
    fs.writeFileSync(file, `${ts(1)} stdout F a\n`);
    let done = false;
    setTimeout(() => fs.appendFileSync(file, `${ts(2)} stdout P b\n`), 50);
    setTimeout(() => {
      fs.appendFileSync(file, `${ts(3)} stdout F c\n`);
      done = true;
    }, 150);
    const got = await collect(file, { follow: true, isDone: () => done, pollMs: 20 });
    assert.equal(got, 'o:a\no:bc\n');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
