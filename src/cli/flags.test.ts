import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCommandLine, splitCsv, UsageError } from './flags.ts';
import type { CommandSpec } from './command.ts';

const noop = async () => ({ default: async () => 0 });
const tree: CommandSpec = {
  name: 'berth',
  summary: 'root',
  persistentFlags: [
    { name: 'root', kind: 'string', help: '' },
    { name: 'log-level', kind: 'string', help: '', default: 'warn' },
  ],
  subcommands: [
    {
      name: 'run', summary: 'run', interspersed: false, run: noop,
      flags: [
        { name: 'rm', kind: 'bool', help: '' },
        { name: 'interactive', short: 'i', kind: 'bool', help: '' },
        { name: 'tty', short: 't', kind: 'bool', help: '' },
        { name: 'env', short: 'e', kind: 'stringArray', help: '' },
        { name: 'publish', short: 'p', kind: 'stringSlice', help: '' },
        { name: 'name', kind: 'string', help: '' },
        { name: 'cpus', kind: 'float', help: '' },
      ],
    },
    {
      name: 'image', summary: 'image',
      subcommands: [{ name: 'ls', aliases: ['list'], summary: 'ls', run: noop, flags: [{ name: 'quiet', short: 'q', kind: 'bool', help: '' }] }],
    },
    { name: 'rm', summary: 'rm', run: noop, flags: [{ name: 'time', short: 't', kind: 'uint', help: '', default: 10 }] },
  ],
};

test('parses flags with pflag semantics', () => {
  const cases: Array<{ argv: string[]; cmd: string; args: string[]; flags: Record<string, unknown> }> = [
    { argv: ['run', '-it', '--rm', 'busybox', 'ls', '-la'], cmd: 'run', args: ['busybox', 'ls', '-la'],
      flags: { interactive: true, tty: true, rm: true } },
    { argv: ['--root', '/r', 'run', '--root=/s', 'img'], cmd: 'run', args: ['img'], flags: { root: '/s' } },
    { argv: ['run', '-e', 'A=1', '-eB=2', '--env=C=3', 'img'], cmd: 'run', args: ['img'], flags: { env: ['A=1', 'B=2', 'C=3'] } },
    { argv: ['run', '-p', '80:80,81:81', '-p=82', 'img'], cmd: 'run', args: ['img'], flags: { publish: ['80:80', '81:81', '82'] } },
    { argv: ['run', '--rm=false', 'img'], cmd: 'run', args: ['img'], flags: { rm: false } },
    { argv: ['run', '--', '--weird'], cmd: 'run', args: ['--weird'], flags: {} },
    { argv: ['image', 'list', '-q'], cmd: 'ls', args: [], flags: { quiet: true, 'log-level': 'warn' } },
    { argv: ['rm', 'a', '-t', '3', 'b'], cmd: 'rm', args: ['a', 'b'], flags: { time: 3 } },
    { argv: ['rm', 'a'], cmd: 'rm', args: ['a'], flags: { time: 10 } },
    { argv: ['run', '--cpus', '1.5', 'img'], cmd: 'run', args: ['img'], flags: { cpus: 1.5 } },
  ];
  for (const c of cases) {
    const r = parseCommandLine(tree, c.argv);
    assert.equal(r.chain.at(-1)!.name, c.cmd, c.argv.join(' '));
    assert.deepEqual(r.args, c.args, c.argv.join(' '));
    for (const [k, v] of Object.entries(c.flags)) assert.deepEqual(r.flags[k], v, `${c.argv.join(' ')}: ${k}`);
  }
});

test('errors use pflag and cobra wording', () => {
  const cases: Array<[string[], string, string]> = [
    [['run', '--bogus'], 'unknown flag: --bogus', 'berth run'],
    [['run', '-x'], "unknown shorthand flag: 'x' in -x", 'berth run'],
    [['run', '-ix'], "unknown shorthand flag: 'x' in -ix", 'berth run'],
    [['run', '--name'], 'flag needs an argument: --name', 'berth run'],
    [['run', '-e'], "flag needs an argument: 'e' in -e", 'berth run'],
    [['run', '--rm=maybe'], 'invalid argument "maybe" for "--rm" flag: strconv.ParseBool: parsing "maybe": invalid syntax', 'berth run'],
    [['rm', '-t', 'abc'], 'invalid argument "abc" for "-t, --time" flag: strconv.ParseUint: parsing "abc": invalid syntax', 'berth rm'],
    [['run', '--cpus=x'], 'invalid argument "x" for "--cpus" flag: strconv.ParseFloat: parsing "x": invalid syntax', 'berth run'],
    [['foo'], 'unrecognized command `berth foo`', 'berth'],
    [['image', 'foo'], 'unrecognized command `berth image foo`', 'berth image'],
  ];
  for (const [argv, message, helpPath] of cases) {
    assert.throws(() => parseCommandLine(tree, argv), (e: unknown) => {
      assert.ok(e instanceof UsageError);
      assert.equal(e.message, message);
      assert.equal(e.helpPath, helpPath);
      return true;
    });
  }
});

test('help flags', () => {
  assert.equal(parseCommandLine(tree, ['image', 'ls', '--help']).help, true);
  assert.equal(parseCommandLine(tree, ['rm', '-h']).help, true);
});

test('splitCsv handles quotes like pflag string slices', () => {
  const cases: Array<[string, string[]]> = [
    ['a,b', ['a', 'b']],
    ['', []],
    ['"a,b",c', ['a,b', 'c']],
    ['x', ['x']],
  ];
  for (const [input, want] of cases) assert.deepEqual(splitCsv(input), want);
});
