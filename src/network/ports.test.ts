import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePublish, publishExposed, checkDuplicates, describeMapping, exposedPortKeys } from './ports.ts';

test('parse -p specs', () => {
  const ok: Array<[string, Array<[string, number, number, number, string]>]> = [
    ['80', [['', 80, 0, 1, 'tcp']]],
    ['8080:80', [['', 80, 8080, 1, 'tcp']]],
    ['127.0.0.1:8080:80/udp', [['127.0.0.1', 80, 8080, 1, 'udp']]],
    ['127.0.0.1::80', [['127.0.0.1', 80, 0, 1, 'tcp']]],
    ['[::1]:8080:80', [['::1', 80, 8080, 1, 'tcp']]],
    ['8080-8082:80-82', [['', 80, 8080, 3, 'tcp']]],
    ['80-81', [['', 80, 0, 2, 'tcp']]],
    ['53:53/tcp,udp', [['', 53, 53, 1, 'tcp'], ['', 53, 53, 1, 'udp']]],
  ];
  for (const [spec, want] of ok) {
    assert.deepEqual(parsePublish(spec).map((m) => [m.host_ip, m.container_port, m.host_port, m.range, m.protocol]), want, spec);
  }
  const errs: Array<[string, string]> = [
    ['abc', 'parsing container port: invalid port number: strconv.Atoi: parsing "abc": invalid syntax'],
    ['80:80:80:80', 'invalid port format - format is [[hostIP:]hostPort:]containerPort'],
    ['0:80', 'parsing host port: port numbers must be between 1 and 65535 (inclusive), got 0'],
    ['70000:80', 'parsing host port: port numbers must be between 1 and 65535 (inclusive), got 70000'],
    ['8080-8081:80', 'host and container port ranges have different lengths: 2 vs 1'],
    ['1.2.3:80:80', 'cannot parse "1.2.3" as an IP address'],
    ['80-70', 'parsing container port: the end port of a range must be higher than the start port - 70 is not higher than 80'],
    ['80/xyz', 'unrecognized protocol "xyz" in port mapping'],
  ];
  for (const [spec, msg] of errs) assert.throws(() => parsePublish(spec), { message: msg }, spec);
});

test('-P, duplicates, description', () => {
  assert.deepEqual(publishExposed(['80/tcp', '53/udp', '8000-8001']).map((m) => `${m.container_port}/${m.protocol}`), ['80/tcp', '53/udp', '8000/tcp', '8001/tcp']);
  assert.throws(() => checkDuplicates([...parsePublish('8080:80'), ...parsePublish('127.0.0.1:8080:81')]), /conflicting port mappings for host port 8080/);
  checkDuplicates([...parsePublish('8080:80'), ...parsePublish('8080:80/udp')]);
  assert.equal(describeMapping(parsePublish('127.0.0.1:8080:80')[0]!), '80/tcp -> 127.0.0.1:8080');
  assert.equal(describeMapping(parsePublish('8080-8081:80-81')[0]!, 1), '81/tcp -> 0.0.0.0:8081');
});

test('--expose values as inspect keys; podman 4.3 parse errors', () => {
  assert.deepEqual(exposedPortKeys([]), []);
  assert.deepEqual(exposedPortKeys(['80', '90/UDP', '7000-7002/udp', '80/tcp']), ['80/tcp', '90/udp', '7000/udp', '7001/udp', '7002/udp']);
  const errs: Array<[string, string]> = [
    ['abc', 'invalid range format for --expose: abc: strconv.ParseUint: parsing "abc": invalid syntax'],
    ['70000', 'invalid range format for --expose: 70000: strconv.ParseUint: parsing "70000": value out of range'],
    ['80-x/tcp', 'invalid range format for --expose: 80-x/tcp: strconv.ParseUint: parsing "x": invalid syntax'],
  ];
  for (const [v, msg] of errs) assert.throws(() => exposedPortKeys([v]), { message: msg }, v);
});
