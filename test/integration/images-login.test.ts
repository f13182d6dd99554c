// Integration: login/logout against a TLS + htpasswd docker-registry (test CA), and a pull with the stored credentials.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { RegistryClient } from '../../src/image/registry/client.ts';
import { sandbox, type Sandbox } from '../helpers/berth.ts';
import { startRegistry, type TestRegistry } from '../helpers/registry.ts';
import { makeTestImage, pushTestImage } from '../helpers/registry-image.ts';

let reg: TestRegistry;
let sb: Sandbox;
const img = makeTestImage('login test\n');
const USER = { username: 'berth', password: 's3cret-pass' };

before(async () => {
  reg = await startRegistry({ htpasswd: USER });
  const client = new RegistryClient({ host: reg.host, insecure: false, certDir: reg.certDir!, credentials: USER });
  await pushTestImage(client, 'private/app', img, 'v1');
  client.close();
  sb = sandbox();
});
after(async () => {
  sb?.cleanup();
  await reg?.stop();
});

const authFile = () => sb.env['REGISTRY_AUTH_FILE']!;

test('pull without credentials fails with an auth error and leaves nothing', () => {
  const r = sb.run(['pull', '--cert-dir', reg.certDir!, `${reg.host}/private/app:v1`]);
  assert.equal(r.code, 125);
  assert.match(r.stderr, /Error: initializing source docker:\/\/127\.0\.0\.1:\d+\/private\/app:v1: reading manifest v1 in .*: unauthorized: authentication required/);
  assert.equal(sb.run(['images', '-q']).stdout, '');
});

test('login with a wrong password fails and writes nothing', () => {
  const r = sb.run(['login', '--cert-dir', reg.certDir!, '-u', USER.username, '-p', 'wrong', reg.host]);
  assert.equal(r.code, 125);
  assert.equal(r.stderr, `Error: logging into "${reg.host}": invalid username/password\n`);
  assert.equal(existsSync(authFile()), false);
});

test('login without a trusted CA fails on the certificate', () => {
  const r = sb.run(['login', '-u', USER.username, '-p', USER.password, reg.host]);
  assert.equal(r.code, 125);
  assert.match(r.stderr, /x509: certificate signed by unknown authority/);
});

test('login succeeds, stores auth.json; pull uses it; --get-login; logout removes it', () => {
  const r = sb.run(['login', '--cert-dir', reg.certDir!, '-u', USER.username, '--password-stdin', reg.host], { input: `${USER.password}\n` });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, 'Login Succeeded!\n');
  const auth = JSON.parse(readFileSync(authFile(), 'utf8'));
  assert.equal(Buffer.from(auth.auths[reg.host].auth, 'base64').toString(), `${USER.username}:${USER.password}`);
  assert.equal(sb.run(['login', '--get-login', reg.host]).stdout, `${USER.username}\n`);

  const p = sb.run(['pull', '-q', '--cert-dir', reg.certDir!, `${reg.host}/private/app:v1`]);
  assert.equal(p.code, 0, p.stderr);
  assert.equal(p.stdout, `${img.configs.amd64!.digest.slice(7)}\n`);

  const out = sb.run(['logout', reg.host]);
  assert.equal(out.code, 0, out.stderr);
  assert.equal(out.stdout, `Removed login credentials for ${reg.host}\n`);
  assert.deepEqual(JSON.parse(readFileSync(authFile(), 'utf8')).auths, {});
  const again = sb.run(['logout', reg.host]);
  assert.equal(again.code, 125);
  assert.equal(again.stderr, `Error: not logged into ${reg.host}\n`);
  const none = sb.run(['login', '--get-login', reg.host]);
  assert.equal(none.code, 125);
});

test('--creds on pull works without a stored login; wrong --creds fail', () => {
  const ok = sb.run(['pull', '-q', '--cert-dir', reg.certDir!, '--creds', `${USER.username}:${USER.password}`, `${reg.host}/private/app:v1`]);
  assert.equal(ok.code, 0, ok.stderr);
  const bad = sb.run(['pull', '-q', '--cert-dir', reg.certDir!, '--creds', `${USER.username}:nope`, `${reg.host}/private/app:v1`]);
  assert.equal(bad.code, 125);
  assert.doesNotMatch(bad.stderr, /nope/);
});

test('logout --all empties the auth file', () => {
  assert.equal(sb.run(['login', '--cert-dir', reg.certDir!, '-u', USER.username, '-p', USER.password, reg.host]).code, 0);
  const r = sb.run(['logout', '--all']);
  assert.equal(r.stdout, 'Removed login credentials for all registries\n');
  assert.deepEqual(JSON.parse(readFileSync(authFile(), 'utf8')).auths, {});
});
