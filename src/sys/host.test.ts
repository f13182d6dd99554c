import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseOsRelease, parseMeminfo, parseCgroupMounts, parseLimits, parseKernelConfig } from './host.ts';

test('parseOsRelease unquotes values', () => {
  const r = parseOsRelease('ID=debian\nVERSION_ID="12"\nVERSION_CODENAME=bookworm\nNAME=\'Deb\'\n');
  assert.deepEqual(r, { ID: 'debian', VERSION_ID: '12', VERSION_CODENAME: 'bookworm', NAME: 'Deb' });
});

test('parseMeminfo converts kB', () => {
  assert.deepEqual(parseMeminfo('MemTotal:       1000 kB\nHugePages_Total:       0\n'), {
    MemTotal: 1024000, HugePages_Total: 0,
  });
});

test('parseCgroupMounts tells v1, hybrid and v2 apart', () => {
  const v1 = [
    '30 25 0:26 / /sys/fs/cgroup/cpu rw,relatime shared:8 - cgroup cgroup rw,cpu',
    '31 25 0:27 / /sys/fs/cgroup/memory rw,relatime shared:9 - cgroup cgroup rw,memory',
    '32 25 0:28 / /sys/fs/cgroup/systemd rw,relatime shared:9 - cgroup cgroup rw,name=systemd',
  ].join('\n');
  const cases: Array<[string, { version: string; hybrid: boolean; controllers: string[] }]> = [
    [v1, { version: 'v1', hybrid: false, controllers: ['cpu', 'memory'] }],
    [`${v1}\n33 25 0:29 / /sys/fs/cgroup/unified rw - cgroup2 cgroup2 rw`, { version: 'v1', hybrid: true, controllers: ['cpu', 'memory'] }],
  ];
  for (const [input, want] of cases) assert.deepEqual(parseCgroupMounts(input), want);
});

test('parseLimits reads soft and hard limits', () => {
  const text = [
    'Limit                     Soft Limit           Hard Limit           Units',
    'Max processes             96365                96365                processes',
    'Max open files            1024                 20000                files',
    'Max core file size        0                    unlimited            bytes',
  ].join('\n');
  assert.deepEqual(parseLimits(text), {
    RLIMIT_NPROC: { soft: 96365, hard: 96365 },
    RLIMIT_NOFILE: { soft: 1024, hard: 20000 },
    RLIMIT_CORE: { soft: 0, hard: Infinity },
  });
});

test('parseKernelConfig reads y/m/n, values, and absent options', () => {
  const text = '#\n# Automatically generated file\nCONFIG_IA32_EMULATION=y\n# CONFIG_X86_X32_ABI is not set\nCONFIG_COMPAT=m\nCONFIG_LOCALVERSION="-x"\n';
  const opts = ['CONFIG_IA32_EMULATION', 'CONFIG_X86_X32_ABI', 'CONFIG_COMPAT', 'CONFIG_LOCALVERSION', 'CONFIG_NOPE'];
  const cases: Array<[string, string, Record<string, string>]> = [
    ['a config', text, { CONFIG_IA32_EMULATION: 'y', CONFIG_X86_X32_ABI: 'n', CONFIG_COMPAT: 'm', CONFIG_LOCALVERSION: '-x', CONFIG_NOPE: 'n' }],
    ['no config at all', '', {}],
    ['not a config', 'hello\n', {}],
  ];
  for (const [name, input, want] of cases) assert.deepEqual(parseKernelConfig(input, opts), want, name);
});
