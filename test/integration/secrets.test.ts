// Secrets end to end through bin/berth: secret create/ls/inspect/rm with podman 4.3's output, messages and exit codes,
// the store on disk (0600 files, no data in the database), racing creators, and run/create --secret against real conmon
// and runc (mount and env secrets, uid/gid/mode, inspect, removal of a used secret). --network none: no traffic.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { containersSandbox } from '../helpers/containers.ts';

const sb = containersSandbox();
const ok = (args: string[], input?: string, env?: NodeJS.ProcessEnv) => {
  const r = sb.run(args, { ...(input === undefined ? {} : { input }), ...(env ? { env } : {}) });
  assert.equal(r.code, 0, `berth ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
};
const fails = (args: string[], code: number, stderr: string, input?: string) => {
  const r = sb.run(args, input === undefined ? {} : { input });
  assert.equal(r.stderr, stderr, args.join(' '));
  assert.equal(r.code, code, args.join(' '));
  return r.stdout;
};
const NAME_RULE = 'only 64 [a-zA-Z0-9-_.] characters allowed, and the start and end character must be [a-zA-Z0-9]';
const filedriver = () => path.join(sb.root, 'secrets', 'filedriver');

test('secret create, ls, inspect, rm: podman 4.3 output', () => {
  const id1 = ok(['secret', 'create', 's1', '-'], 'hunter2').trim();
  assert.match(id1, /^[0-9a-f]{25}$/);
  const file = path.join(sb.dir, 'data');
  fs.writeFileSync(file, 'x');
  const id2 = ok(['secret', 'create', '-l', 'a=b', '--label', 'c', 's2', file]).trim();

  assert.match(ok(['secret', 'ls']), new RegExp(`^ID {25}NAME {8}DRIVER {6}CREATED {17}UPDATED\n${id1}  s1 {10}file {8}Less than a second ago  Less than a second ago\n${id2}  s2 {10}file {8}Less than a second ago  Less than a second ago\n$`));
  assert.equal(ok(['secret', 'list', '-q']), `${id1}\n${id2}\n`);
  assert.equal(ok(['secret', 'ls', '--noheading', '--format', 'table {{.Name}}']), 's1\ns2\n');
  assert.equal(ok(['secret', 'ls', '--format', '{{.Name}} {{.Driver}}', '--filter', 'name=2']), 's2 file\n');
  assert.equal(ok(['secret', 'ls', '--filter', `id=^${id1.slice(0, 5)}`, '--format', '{{.ID}}']), `${id1}\n`);
  assert.equal(ok(['secret', 'ls', '--format', 'json']), 'json\njson\n', 'podman 4.3 has no JSON form for secret ls');

  const text = ok(['secret', 'inspect', 's2']);
  assert.ok(text.startsWith(`[\n    {\n        "ID": "${id2}",\n`), text);
  const [info] = JSON.parse(text);
  assert.deepEqual(Object.keys(info), ['ID', 'CreatedAt', 'UpdatedAt', 'Spec']);
  assert.deepEqual(info.Spec, { Name: 's2', Driver: { Name: 'file', Options: { path: filedriver() } }, Labels: { a: 'b', c: '' } });
  assert.equal(info.UpdatedAt, info.CreatedAt);
  assert.match(info.CreatedAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{1,9}(Z|[+-]\d\d:\d\d)$/);
  assert.equal(ok(['secret', 'inspect', '--format', '{{.Spec.Name}} {{.Spec.Labels}} {{.Spec.Driver.Options}}', id2.slice(0, 6)]), `s2 map[a:b c:] map[path:${filedriver()}]\n`);
  assert.match(ok(['secret', 'inspect', '--pretty', 's2']),
    new RegExp(`^ID: {14}${id2}\nName: {14}s2\nLabels:\n - a=b\n - c\nDriver: {12}file\nCreated at: {8}\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d+ [+-]\\d{4} \\w+\nUpdated at: {8}.+\n$`));

  // Data: one 0600 file per secret, named by ID, in a 0700 directory; never in the database.
  assert.equal(fs.statSync(filedriver()).mode & 0o777, 0o700);
  assert.equal(fs.statSync(path.join(filedriver(), id1)).mode & 0o777, 0o600);
  assert.equal(fs.readFileSync(path.join(filedriver(), id1), 'utf8'), 'hunter2');
  assert.ok(!fs.readFileSync(path.join(sb.root, 'berth.db')).includes('hunter2'));

  assert.equal(fails(['secret', 'inspect', 's1', 'n1', 'n2'], 125,
    'error inspecting secret: no secret with name or id "n2": no such secret\nError: inspecting secret: no secret with name or id "n1": no such secret\n').includes(id1), true);
  assert.equal(fails(['secret', 'inspect', 'n1'], 125, 'Error: inspecting secret: no secret with name or id "n1": no such secret\n'), '[]\n');
  assert.equal(fails(['secret', 'rm', 's1', 'nope'], 125, 'Error: no secret with name or id "nope": no such secret\n'), `${id1}\n`);
  assert.ok(!fs.existsSync(path.join(filedriver(), id1)));
  assert.equal(ok(['secret', 'rm', '-a']), `${id2}\n`);
  assert.equal(ok(['secret', 'ls']), 'ID          NAME        DRIVER      CREATED     UPDATED\n');
  assert.deepEqual(fs.readdirSync(filedriver()), []);
});

test('secret create and rm: podman 4.3 errors', () => {
  const file = path.join(sb.dir, 'x');
  fs.writeFileSync(file, 'x');
  ok(['secret', 'create', 'taken', file]);
  const cases: Array<[string[], string, string?]> = [
    [['secret', 'create', 'taken', file], 'Error: taken: secret name in use\n'],
    [['secret', 'create', 'a b', file], `Error: ${NAME_RULE}: a b: invalid secret name\n`],
    [['secret', 'create', 'x'], 'Error: accepts 2 arg(s), received 1\n'],
    [['secret', 'create', 'x', '/nonexistent'], 'Error: open /nonexistent: no such file or directory\n'],
    [['secret', 'create', 'x', '/tmp'], 'Error: secret data must be larger than 0 and less than 512000 bytes\n'],
    [['secret', 'create', 'x', '-'], 'Error: secret data must be larger than 0 and less than 512000 bytes\n', ''],
    [['secret', 'create', '--driver', 'foo', 'x', file], 'Error: invalid driver\n'],
    [['secret', 'create', '--driver-opts', 'bogus', 'x', file], 'Error: invalid argument "bogus" for "--driver-opts" flag: bogus must be formatted as key=value\nSee \'berth secret create --help\'\n'],
    [['secret', 'create', '-l', '=x', 'x', file], 'Error: unable to process labels: invalid label format: "=x"\n'],
    [['secret', 'create', '--env', 'x', 'BERTH_TEST_UNSET'], 'Error: cannot create store secret data: environment variable BERTH_TEST_UNSET is not set\n'],
    [['secret', 'rm'], 'Error: `berth secret rm` requires one argument, or the --all flag\n'],
    [['secret', 'rm', '-a', 'x'], 'Error: `berth secret rm` requires one argument, or the --all flag\n'],
    [['secret', 'rm', 'n1', 'n2'], 'Error: no secret with name or id "n1": no such secret\nError: no secret with name or id "n2": no such secret\n'],
    [['secret', 'inspect'], 'Error: requires at least 1 arg(s), only received 0\n'],
    [['secret', 'ls', 'x'], 'Error: `berth secret ls` takes no arguments\n'],
    [['secret', 'ls', '--filter', 'foo=bar'], 'Error: invalid filter "foo"\n'],
    [['secret', 'ls', '--filter', 'foo'], 'Error: filter input must be in the form of filter=value: foo is invalid\n'],
  ];
  for (const [args, stderr, input] of cases) fails(args, 125, stderr, input);
  fs.writeFileSync(path.join(sb.dir, 'big'), Buffer.alloc(512_000, 1));
  fails(['secret', 'create', 'big', path.join(sb.dir, 'big')], 125, 'Error: secret data must be larger than 0 and less than 512000 bytes\n');
  // --env reads the named variable; --driver-opts path= puts the data elsewhere.
  const alt = path.join(sb.dir, 'alt');
  const id = ok(['secret', 'create', '--env', '--driver-opts', `path=${alt}`, 'fromenv', 'BERTH_TEST_SECRET'], undefined, { BERTH_TEST_SECRET: 'v' }).trim();
  assert.equal(fs.readFileSync(path.join(alt, id), 'utf8'), 'v');
  assert.equal(ok(['secret', 'inspect', '--format', '{{.Spec.Driver.Options}}', 'fromenv']), `map[path:${alt}]\n`);
  ok(['secret', 'rm', 'fromenv', 'taken']);
  assert.deepEqual(fs.readdirSync(alt), []);
});

test('secret create: concurrent creators of one name, one wins and no data file is left behind', async () => {
  const file = path.join(sb.dir, 'race');
  fs.writeFileSync(file, 'r');
  const results = await Promise.all(Array.from({ length: 4 }, () => sb.runAsync(['secret', 'create', 'race', file])));
  assert.equal(results.filter((r) => r.code === 0).length, 1, JSON.stringify(results));
  for (const r of results.filter((x) => x.code !== 0)) assert.equal(r.stderr, 'Error: race: secret name in use\n');
  const id = results.find((r) => r.code === 0)!.stdout.trim();
  assert.deepEqual(fs.readdirSync(filedriver()), [id]);
  ok(['secret', 'rm', 'race']);
});

test('run --secret: mount secrets under /run/secrets read-only with uid/gid/mode, env secrets, inspect', () => {
  ok(['secret', 'create', 'mysec', '-'], 'topsecret');
  const out = ok(['run', '--rm', '--network', 'none', '--secret', 'mysec', '--secret', 'mysec,target=foo,uid=1000,gid=100,mode=0400',
    '--secret', 'mysec,target=/etc/abs', '--secret', 'mysec,type=env,target=FOO', '-e', 'FOO=overridden', 'busybox', 'sh', '-c',
    'stat -c "%n %u %g %a" /run/secrets/mysec /run/secrets/foo /etc/abs; cat /run/secrets/mysec; echo; echo $FOO; ' +
    'echo x > /run/secrets/mysec 2>/dev/null || echo read-only; ls /run/secrets']);
  assert.equal(out, '/run/secrets/mysec 0 0 444\n/run/secrets/foo 1000 100 400\n/etc/abs 0 0 444\ntopsecret\ntopsecret\nread-only\nfoo\nmysec\n');

  ok(['create', '--name', 'sec1', '--network', 'none', '--secret', 'mysec,type=env', '--secret', 'mysec,uid=5,gid=6,mode=0440', 'busybox', 'sleep', '300']);
  ok(['start', 'sec1']);
  const cfg = JSON.parse(ok(['inspect', '--format', '{{json .Config}}', 'sec1']));
  const id = ok(['secret', 'inspect', '--format', '{{.ID}}', 'mysec']).trim();
  assert.deepEqual(cfg.Secrets, [{ Name: 'mysec', ID: id, UID: 5, GID: 6, Mode: 288 }]);
  const keys = Object.keys(cfg);
  assert.equal(keys.indexOf('Secrets'), keys.indexOf('Umask') + 1);
  // Podman 4.3 shows env secrets' values in Config.Env; Berth never shows secret data.
  assert.ok(!JSON.stringify(cfg.Env).includes('topsecret'), cfg.Env);
  assert.equal(ok(['exec', 'sec1', 'sh', '-c', 'echo $mysec']), 'topsecret\n');
  ok(['rm', '-f', '-t', '0', 'sec1']);
  assert.equal(JSON.parse(ok(['inspect', '--format', '{{json .Config}}', ok(['create', '--network', 'none', 'busybox', 'true']).trim()])).Secrets, undefined);
});

test('run --secret: errors, and removing a secret that containers use (podman 4.3: allowed)', () => {
  fails(['create', '--secret', 'nope', 'busybox', 'true'], 125, 'Error: no secret with name or id "nope": no such secret\n');
  fails(['create', '--secret', 'mysec,type=foo', 'busybox', 'true'], 125, 'Error: type foo is invalid: parsing secret\n');
  fails(['run', '--rm', '--secret', 'mysec,type=env,uid=1', 'busybox', 'true'], 125, 'Error: UID, GID, Mode options cannot be set with secret type env: parsing secret\n');

  ok(['secret', 'create', 'used', '-'], 'zz');
  ok(['create', '--name', 'm1', '--network', 'none', '--secret', 'used', 'busybox', 'cat', '/run/secrets/used']);
  const e1 = ok(['create', '--name', 'e1', '--network', 'none', '--secret', 'used,type=env', 'busybox', 'sh', '-c', 'echo $used']).trim();
  const id = ok(['secret', 'rm', 'used']).trim();
  assert.match(id, /^[0-9a-f]{25}$/);
  // The mount secret was copied at create; the env secret is read at start and is gone.
  assert.equal(ok(['start', '-a', 'm1']), 'zz');
  fails(['start', '-a', 'e1'], 125, `Error: unable to start container ${e1}: no secret with name or id "used": no such secret\n`);
  ok(['rm', 'm1', 'e1']);
  ok(['secret', 'rm', 'mysec']);
});
