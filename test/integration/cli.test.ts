// The CLI foundation end to end: version, info, global flags, config errors and usage errors with podman's exit codes.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { sandbox } from '../helpers/berth.ts';

const sb = sandbox();
after(() => sb.cleanup());

test('version prints podman-shaped fields and templates', () => {
  const plain = sb.run(['version']);
  assert.equal(plain.code, 0, plain.stderr);
  assert.match(plain.stdout, /^Client:\s+Berth Engine\nVersion:\s+\d+\.\d+\.\d+\n/);
  const json = JSON.parse(sb.run(['version', '--format', 'json']).stdout);
  assert.equal(json.Client.OsArch, `linux/${process.arch === 'x64' ? 'amd64' : process.arch}`);
  assert.equal(sb.run(['version', '--format', '{{.Client.Version}}']).stdout, `${json.Client.Version}\n`);
  assert.match(sb.run(['--version']).stdout, /^berth version \d+\.\d+\.\d+\n$/);
});

test('info --format json has podman fields with real host values', () => {
  const r = sb.run(['info', '--format', 'json']);
  assert.equal(r.code, 0, r.stderr);
  const info = JSON.parse(r.stdout);
  const h = info.host;
  assert.equal(h.arch, 'amd64');
  assert.equal(h.os, 'linux');
  assert.ok(h.cpus >= 1 && h.memTotal > h.memFree && h.memFree > 0);
  assert.match(h.kernel, /^\d+\.\d+/);
  assert.equal(h.distribution.distribution, 'debian');
  assert.ok(['v1', 'v2'].includes(h.cgroupVersion));
  assert.ok(h.cgroupControllers.includes('memory'));
  assert.equal(h.conmon.path, '/usr/bin/conmon');
  assert.match(h.conmon.version, /^conmon version \d/);
  assert.match(h.conmon.package, /^conmon_/);
  assert.equal(h.ociRuntime.name, 'runc');
  assert.match(h.ociRuntime.version, /^runc version/);
  assert.equal(h.rootless, false);
  assert.equal(h.security.seccompProfilePath, '/usr/share/containers/seccomp.json');
  assert.match(h.security.capabilities, /CAP_CHOWN/);
  assert.equal(h.networkBackend, 'netavark');
  assert.equal(h.logDriver, 'k8s-file');
  assert.equal(info.store.graphRoot, sb.root);
  assert.equal(info.store.runRoot, sb.runroot);
  assert.equal(info.store.volumePath, path.join(sb.root, 'volumes'));
  assert.equal(info.store.imageStore.number, 0);
  assert.equal(info.store.containerStore.number, 0);
  assert.ok(info.registries.search.includes('docker.io'));
  assert.ok(info.registries['docker.io'].Location.startsWith('127.0.0.1:'));
  assert.ok(Array.isArray(h.diagnostics));
});

test('info YAML and Go templates', () => {
  const yaml = sb.run(['info']);
  assert.equal(yaml.code, 0, yaml.stderr);
  assert.match(yaml.stdout, /^host:\n {2}arch: amd64\n/);
  assert.match(yaml.stdout, /\nstore:\n/);
  const t = sb.run(['system', 'info', '--format', '{{.Host.OciRuntime.Name}} {{.Store.GraphRoot}}']);
  assert.equal(t.stdout, `runc ${sb.root}\n`);
});

test('crun on v1 cgroups is reported with the fix', () => {
  const r = sb.run(['info', '--format', '{{json .Host.Diagnostics}}']);
  const diags = JSON.parse(r.stdout) as Array<{ problem: string; fix: string }>;
  const v1 = JSON.parse(sb.run(['info', '--format', 'json']).stdout).host.cgroupVersion === 'v1';
  assert.equal(diags.some((d) => d.problem.startsWith('crun cannot run')), false, 'runtime was set to runc explicitly');
  const auto = sandbox({ containersConf: '[engine]\n' });
  try {
    const out = JSON.parse(auto.run(['info', '--format', 'json']).stdout);
    if (v1) {
      assert.equal(out.host.ociRuntime.name, 'runc');
      assert.ok(out.host.diagnostics.some((d: { problem: string }) => d.problem.startsWith('crun cannot run')));
    }
  } finally {
    auto.cleanup();
  }
});

test('usage errors: one Error line, podman wording, exit 125', () => {
  const cases: Array<[string[], RegExp]> = [
    [['bogus'], /^Error: unrecognized command `berth bogus`\n/],
    [['info', '--bogus'], /^Error: unknown flag: --bogus\nSee 'berth info --help'\n$/],
    [['info', '-x'], /^Error: unknown shorthand flag: 'x' in -x\n/],
    [['info', '--format'], /^Error: flag needs an argument: --format\n/],
    [['info', '--format', '{{.Nope'], /^Error: template: info:1: unclosed action\n$/],
    [['--log-level', 'loud', 'info'], /^Error: "loud" is not a valid log level/],
  ];
  for (const [args, want] of cases) {
    const r = sb.run(args);
    assert.equal(r.code, 125, args.join(' '));
    assert.match(r.stderr, want, args.join(' '));
    assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
  }
});

test('a malformed config file names the file and line', () => {
  const bad = path.join(sb.dir, 'bad.conf');
  writeFileSync(bad, '[engine]\nruntime = "runc"\nthis is not toml\n');
  const r = sb.run(['info'], { env: { CONTAINERS_CONF: bad } });
  assert.equal(r.code, 125);
  assert.match(r.stderr, new RegExp(`^Error: .*${bad.replace(/[.]/g, '\\.')}.*line 3`));
  assert.equal(r.stderr.trim().split('\n').length, 1);
  const badReg = path.join(sb.dir, 'bad-registries.conf');
  writeFileSync(badReg, 'unqualified-search-registries = "docker.io"\n');
  const r2 = sb.run(['info'], { env: { CONTAINERS_REGISTRIES_CONF: badReg } });
  assert.equal(r2.code, 125);
  assert.match(r2.stderr, new RegExp(`^Error: .*${badReg.replace(/[.]/g, '\\.')}`));
});

test('--help on every verb', () => {
  for (const args of [['--help'], ['info', '--help'], ['system', '--help'], ['system', 'info', '-h'], ['version', '--help']]) {
    const r = sb.run(args);
    assert.equal(r.code, 0, args.join(' '));
    assert.match(r.stdout, /Usage:\n {2}berth/);
  }
});

test('--log-level debug shows helper command lines', () => {
  const r = sb.run(['--log-level', 'debug', 'info', '--format', '{{.Host.Arch}}']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /running: \/usr\/bin\/conmon --version/);
});

test('--log-level debug prints an error\'s stack with positions in src/ (the bundle is minified)', () => {
  const r = sb.run(['--log-level', 'debug', 'inspect', 'no-such-object']);
  assert.equal(r.code, 125);
  assert.match(r.stderr, /^Error: inspecting object: no such object: "no-such-object"$/m);
  assert.match(r.stderr, /level=debug msg="BerthError: inspecting object.*?\\n\s+at \S+ \(\/\S*\/src\/cli\/verbs\/inspect\.ts:\d+:\d+\)/);
  assert.doesNotMatch(r.stderr, /berth-cli\.cjs:\d+/);
});
