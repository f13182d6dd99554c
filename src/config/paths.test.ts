import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../../test/helpers/tmp.ts';
import {
  storagePaths, containersConfFiles, registriesConfFiles, authFileForWrite, authFilesForRead, policyFile,
  shortNameAliasCacheFile, dropInFiles, type PathContext,
} from './paths.ts';

function sandbox() {
  const root = tempDir('berth-paths-');
  const home = join(root, 'home');
  const touch = (p: string) => {
    mkdirSync(join(p, '..'), { recursive: true });
    writeFileSync(p, '');
    return p;
  };
  return { root, home, touch };
}

test('storagePaths for root and rootless', () => {
  const cases: [PathContext, string, string][] = [
    [{ env: {}, uid: 0 }, '/var/lib/berth/storage', '/run/berth'],
    [{ env: { HOME: '/h', XDG_RUNTIME_DIR: '/run/user/1000' }, uid: 1000 }, '/h/.local/share/berth/storage', '/run/user/1000/berth'],
    [{ env: { HOME: '/h', XDG_DATA_HOME: '/d' }, uid: 1000 }, '/d/berth/storage', '/tmp/berth-run-1000'],
  ];
  for (const [ctx, graphRoot, runRoot] of cases) {
    assert.deepEqual(storagePaths(ctx), { graphRoot, runRoot, volumePath: `${graphRoot}/volumes` });
  }
});

test('containersConfFiles follows Podman 4.3 order and CONTAINERS_CONF', () => {
  const { root, home, touch } = sandbox();
  const share = touch(join(root, 'usr/share/containers/containers.conf'));
  const etc = touch(join(root, 'etc/containers/containers.conf'));
  const d2 = touch(join(root, 'etc/containers/containers.conf.d/20-b.conf'));
  const d1 = touch(join(root, 'etc/containers/containers.conf.d/10-a.conf'));
  touch(join(root, 'etc/containers/containers.conf.d/ignored.txt'));
  const user = touch(join(home, '.config/containers/containers.conf'));
  const userD = touch(join(home, '.config/containers/containers.conf.d/x.conf'));
  assert.deepEqual(containersConfFiles({ env: { HOME: home }, uid: 0, root }).files, [share, etc, d1, d2]);
  assert.deepEqual(containersConfFiles({ env: { HOME: home }, uid: 1000, root }).files, [share, etc, d1, d2, user, userD]);
  assert.deepEqual(containersConfFiles({ env: { HOME: home, CONTAINERS_CONF: etc }, uid: 1000, root }), { files: [etc] });
  const missing = join(root, 'nope.conf');
  assert.deepEqual(containersConfFiles({ env: { CONTAINERS_CONF: missing }, uid: 0, root }), { files: [], missing });
});

test('registriesConfFiles: env override keeps drop-ins; user file drops system ones', () => {
  const { root, home, touch } = sandbox();
  const sysD = touch(join(root, 'etc/containers/registries.conf.d/shortnames.conf'));
  const env = { HOME: home };
  assert.deepEqual(registriesConfFiles({ env, uid: 0, root }).dropIns, [sysD]);
  assert.equal(registriesConfFiles({ env, uid: 0, root }).main, join(root, 'etc/containers/registries.conf'));
  const over = registriesConfFiles({ env: { ...env, CONTAINERS_REGISTRIES_CONF: '/x.conf' }, uid: 0, root });
  assert.deepEqual([over.main, over.dropIns], ['/x.conf', [sysD]]);
  const userMain = touch(join(home, '.config/containers/registries.conf'));
  const userD = touch(join(home, '.config/containers/registries.conf.d/a.conf'));
  const user = registriesConfFiles({ env, uid: 1000, root });
  assert.deepEqual([user.main, user.dropIns], [userMain, [userD]]);
  assert.deepEqual(dropInFiles(join(root, 'missing')), []);
});

test('auth, policy and alias-cache paths', () => {
  const { root, home, touch } = sandbox();
  const cases: [PathContext, string][] = [
    [{ env: { REGISTRY_AUTH_FILE: '/a.json', XDG_RUNTIME_DIR: '/r' }, uid: 0 }, '/a.json'],
    [{ env: { XDG_RUNTIME_DIR: '/run/user/7' }, uid: 7 }, '/run/user/7/containers/auth.json'],
    [{ env: {}, uid: 0 }, '/run/containers/0/auth.json'],
  ];
  for (const [ctx, want] of cases) assert.equal(authFileForWrite(ctx), want);
  assert.deepEqual(authFilesForRead({ env: { HOME: '/h', XDG_RUNTIME_DIR: '/r' }, uid: 1 }), [
    { path: '/r/containers/auth.json', legacy: false },
    { path: '/h/.config/containers/auth.json', legacy: false },
    { path: '/h/.docker/config.json', legacy: false },
    { path: '/h/.dockercfg', legacy: true },
  ]);
  assert.equal(authFilesForRead({ env: { HOME: '/h', DOCKER_CONFIG: '/dc' }, uid: 0 })[2]!.path, '/dc/config.json');
  assert.equal(policyFile({ env: { HOME: home }, uid: 0, root }), join(root, 'etc/containers/policy.json'));
  const userPolicy = touch(join(home, '.config/containers/policy.json'));
  assert.equal(policyFile({ env: { HOME: home }, uid: 0, root }), userPolicy);
  assert.equal(shortNameAliasCacheFile({ env: {}, uid: 0 }), '/var/cache/containers/short-name-aliases.conf');
  assert.equal(shortNameAliasCacheFile({ env: { HOME: '/h' }, uid: 5 }), '/h/.cache/containers/short-name-aliases.conf');
  // tests' override (root's file cannot be moved otherwise)
  assert.equal(shortNameAliasCacheFile({ env: { BERTH_SHORT_NAME_ALIASES_CONF: '/t/a.conf' }, uid: 0 }), '/t/a.conf');
});
