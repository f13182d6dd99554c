import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parsePolicy, evaluatePolicy, requirementsFor, dockerScopes, loadPolicy } from './policy.ts';
import { tempDir } from '../../test/helpers/tmp.ts';

const POLICY = JSON.stringify({
  default: [{ type: 'reject' }],
  transports: {
    docker: {
      'docker.io/library/busybox:1.36': [{ type: 'insecureAcceptAnything' }],
      'docker.io/library/busybox': [{ type: 'reject' }],
      'docker.io/library': [{ type: 'insecureAcceptAnything' }],
      'quay.io': [{ type: 'signedBy', keyType: 'GPGKeys', keyPath: '/k.gpg' }],
      '*.example.com': [{ type: 'insecureAcceptAnything' }],
      'localhost:5000': [{ type: 'insecureAcceptAnything' }],
      '': [{ type: 'reject' }],
    },
    dir: { '': [{ type: 'insecureAcceptAnything' }] },
    oci: { '/srv/images': [{ type: 'insecureAcceptAnything' }] },
  },
});

test('dockerScopes lists most specific first', () => {
  assert.deepEqual(dockerScopes('a.b.example.com:5000/ns/repo:tag'), [
    'a.b.example.com:5000/ns/repo:tag', 'a.b.example.com:5000/ns/repo', 'a.b.example.com:5000/ns', 'a.b.example.com:5000',
    '*.b.example.com', '*.example.com', '*.com',
  ]);
  assert.deepEqual(dockerScopes('localhost:5000/x'), ['localhost:5000/x', 'localhost:5000']);
});

test('scope matching order', () => {
  const p = parsePolicy(POLICY, '/p.json');
  const cases: [string, string, string | undefined][] = [
    ['docker', 'docker.io/library/busybox:1.36', 'docker.io/library/busybox:1.36'],
    ['docker', 'docker.io/library/busybox:latest', 'docker.io/library/busybox'],
    ['docker', 'docker.io/library/alpine:latest', 'docker.io/library'],
    ['docker', 'quay.io/a/b:1', 'quay.io'],
    ['docker', 'r.x.example.com/a:1', '*.example.com'],
    ['docker', 'localhost:5000/a:1', 'localhost:5000'],
    ['docker', 'ghcr.io/a:1', ''],
    ['dir', '/tmp/img', ''],
    ['oci', '/srv/images/app:v1', '/srv/images'],
    ['containers-storage', 'x', undefined],
  ];
  for (const [transport, scope, want] of cases) assert.equal(requirementsFor(p, transport, scope).scope, want, scope);
});

test('evaluatePolicy accepts, rejects, and refuses unsupported signature checks', () => {
  const p = parsePolicy(POLICY, '/p.json');
  assert.doesNotThrow(() => evaluatePolicy(p, 'docker', 'docker.io/library/busybox:1.36'));
  assert.doesNotThrow(() => evaluatePolicy(p, 'dir', '/x'));
  assert.throws(() => evaluatePolicy(p, 'docker', 'docker.io/library/busybox:latest'),
    /Running image docker:\/\/docker.io\/library\/busybox:latest is rejected by policy\./);
  assert.throws(() => evaluatePolicy(p, 'containers-storage', 'x'), /rejected by policy/);
  assert.throws(() => evaluatePolicy(p, 'docker', 'quay.io/a/b:1'), /policy requirement "signedBy" .* is not supported by Berth yet/);
});

test('parse errors are worded like containers/image', () => {
  const cases: [string, string][] = [
    ['{"default":[{"type":"foo"}]}', 'invalid policy in "/p.json": Unknown policy requirement type "foo"'],
    ['{}', 'invalid policy in "/p.json": Default policy is missing'],
    ['{"default":[]}', 'invalid policy in "/p.json": List of verification policy requirements must not be empty'],
    ['{"default":[{"type":"reject"}],"extra":1}', 'invalid policy in "/p.json": Unknown key "extra"'],
    ['{"default":[{"type":"reject","x":1}]}', 'invalid policy in "/p.json": Unknown key "x"'],
  ];
  for (const [text, msg] of cases) assert.throws(() => parsePolicy(text, '/p.json'), (e: Error) => (assert.equal(e.message, msg), true));
  assert.throws(() => parsePolicy('{bad', '/p.json'), /^BerthError: invalid policy in "\/p.json": /);
});

test('loadPolicy reads the user file first', () => {
  const root = tempDir('berth-policy-');
  assert.throws(() => loadPolicy({ env: { HOME: root }, uid: 0, root }), /open .*etc\/containers\/policy.json: no such file or directory/);
  const f = join(root, 'p.json');
  writeFileSync(f, '{"default":[{"type":"insecureAcceptAnything"}]}');
  assert.equal(loadPolicy({ env: { HOME: root }, uid: 0, root }, f).file, f);
});
