import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseIP, formatIP, parseCidr, formatCidr, contains, overlaps, lastOf, nthSubnet, maskHex } from './ip.ts';

test('parse and format addresses', () => {
  const cases: Array<[string, string | undefined]> = [
    ['10.0.0.1', '10.0.0.1'],
    ['255.255.255.255', '255.255.255.255'],
    ['256.0.0.1', undefined],
    ['10.0.0', undefined],
    ['01.2.3.4', undefined],
    ['::1', '::1'],
    ['::', '::'],
    ['fd00::', 'fd00::'],
    ['fd3c:2a9c:a0b5:904c::1', 'fd3c:2a9c:a0b5:904c::1'],
    ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],
    ['2001:0db8:0000:0000:0000:0000:0000:0001', '2001:db8::1'],
    ['1:2:3:4:5:6:7:8', '1:2:3:4:5:6:7:8'],
    ['1:0:3:4:5:6:7:8', '1:0:3:4:5:6:7:8'],
    ['::ffff:10.1.2.3', '::ffff:a01:203'],
    ['1::2::3', undefined],
    ['1:2:3:4:5:6:7:8:9', undefined],
    ['12345::', undefined],
    ['abc', undefined],
  ];
  for (const [input, want] of cases) {
    const ip = parseIP(input);
    assert.equal(ip ? formatIP(ip) : undefined, want, input);
  }
});

test('cidr math', () => {
  const c = parseCidr('10.231.200.5/24')!;
  assert.equal(formatCidr(c), '10.231.200.0/24');
  assert.equal(formatIP(lastOf(c)), '10.231.200.255');
  assert.equal(maskHex(c), 'ffffff00');
  assert.equal(maskHex(parseCidr('fd00::/64')!), 'ffffffffffffffff0000000000000000');
  assert.ok(contains(c, parseIP('10.231.200.77')!));
  assert.ok(!contains(c, parseIP('10.231.201.1')!));
  assert.ok(!contains(c, parseIP('::1')!));
  const table: Array<[string, string, boolean]> = [
    ['10.0.0.0/8', '10.1.0.0/16', true],
    ['10.1.0.0/16', '10.0.0.0/8', true],
    ['10.1.0.0/24', '10.1.1.0/24', false],
    ['10.1.0.0/23', '10.1.1.0/24', true],
    ['fd00::/64', 'fd00::/48', true],
    ['fd00::/64', '10.0.0.0/8', false],
  ];
  for (const [a, b, want] of table) assert.equal(overlaps(parseCidr(a)!, parseCidr(b)!), want, `${a} ${b}`);
  for (const bad of ['10.0.0.0', '10.0.0.0/33', '10.300.0.0/16', 'x/8', 'fd00::/129']) assert.equal(parseCidr(bad), undefined, bad);
  const pool = parseCidr('10.89.0.0/16')!;
  assert.equal(formatCidr(nthSubnet(pool, 24, 0n)!), '10.89.0.0/24');
  assert.equal(formatCidr(nthSubnet(pool, 24, 255n)!), '10.89.255.0/24');
  assert.equal(nthSubnet(pool, 24, 256n), undefined);
  assert.equal(nthSubnet(pool, 8, 0n), undefined);
});
