// Table-driven tests for the capability merge (defaults, --cap-add/--cap-drop, ALL, non-root, --privileged).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { computeCapabilities, normalizeCapability, allCapabilities } from './caps.ts';

const DEFAULTS = ['CHOWN', 'KILL', 'NET_RAW', 'SETUID'];
const C = (...n: string[]) => n.map((x) => `CAP_${x}`);

test('normalizeCapability', () => {
  for (const [input, want] of [['net_admin', 'CAP_NET_ADMIN'], ['CAP_SYS_ADMIN', 'CAP_SYS_ADMIN'], ['Cap_Kill', 'CAP_KILL'], ['all', 'ALL']]) {
    assert.equal(normalizeCapability(input!), want);
  }
  assert.throws(() => normalizeCapability('foo'), { message: '"CAP_FOO": unknown capability' });
});

const cases: Array<[name: string, add: string[], drop: string[], uid: number, want: object]> = [
  ['root defaults', [], [], 0, { bounding: C('CHOWN', 'KILL', 'NET_RAW', 'SETUID'), effective: C('CHOWN', 'KILL', 'NET_RAW', 'SETUID'), permitted: C('CHOWN', 'KILL', 'NET_RAW', 'SETUID') }],
  ['add and drop', ['net_admin'], ['CAP_KILL', 'chown'], 0, { bounding: C('NET_ADMIN', 'NET_RAW', 'SETUID'), effective: C('NET_ADMIN', 'NET_RAW', 'SETUID'), permitted: C('NET_ADMIN', 'NET_RAW', 'SETUID') }],
  ['drop ALL keeps adds', ['NET_ADMIN'], ['ALL'], 0, { bounding: C('NET_ADMIN'), effective: C('NET_ADMIN'), permitted: C('NET_ADMIN') }],
  ['non-root: bounding only', [], [], 1000, { bounding: C('CHOWN', 'KILL', 'NET_RAW', 'SETUID') }],
  ['non-root with add', ['NET_ADMIN'], ['CHOWN'], 1000, {
    bounding: C('KILL', 'NET_ADMIN', 'NET_RAW', 'SETUID'), effective: C('NET_ADMIN'), inheritable: C('NET_ADMIN'), permitted: C('NET_ADMIN'), ambient: C('NET_ADMIN'),
  }],
];
for (const [name, add, drop, uid, want] of cases) {
  test(`computeCapabilities: ${name}`, () => assert.deepEqual(computeCapabilities({ defaults: DEFAULTS, add, drop, uid }), want));
}

test('ALL: add ALL minus drops, privileged, conflicts', () => {
  const all = allCapabilities();
  assert.equal(all.length, 41);
  assert.deepEqual(computeCapabilities({ defaults: DEFAULTS, add: ['ALL'], drop: ['SYS_ADMIN'], uid: 0 }).bounding, all.filter((c) => c !== 'CAP_SYS_ADMIN'));
  assert.deepEqual(computeCapabilities({ defaults: DEFAULTS, privileged: true, uid: 0 }).bounding, all);
  assert.deepEqual(allCapabilities(39).length, 40);
  assert.throws(() => computeCapabilities({ defaults: DEFAULTS, add: ['ALL'], drop: ['ALL'], uid: 0 }), /adding all caps and removing all caps not allowed/);
  assert.throws(() => computeCapabilities({ defaults: DEFAULTS, add: ['KILL'], drop: ['kill'], uid: 0 }), /capability "CAP_KILL" cannot be dropped and added/);
});

test('--privileged gets the host bounding set when given (a host without CAP_SYS_RESOURCE)', () => {
  const available = allCapabilities().filter((c) => c !== 'CAP_SYS_RESOURCE');
  const caps = computeCapabilities({ defaults: DEFAULTS, privileged: true, uid: 0, available });
  assert.equal(caps.bounding!.length, 40);
  assert.ok(!caps.bounding!.includes('CAP_SYS_RESOURCE'));
});
