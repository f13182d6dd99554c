// Table tests for the arches a seccomp filter leaves out, and the per-boot cache of them in the run root.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { unrunnableArches, unrunnableSeccompArches } from './host-facts.ts';

test('unrunnableArches: only options the config says are off', () => {
  const cases: Array<[string, string, Record<string, string>, string[]]> = [
    ['amd64 without x32', 'amd64', { CONFIG_X86_X32_ABI: 'n', CONFIG_IA32_EMULATION: 'y' }, ['SCMP_ARCH_X32']],
    ['amd64 with both', 'amd64', { CONFIG_X86_X32_ABI: 'y', CONFIG_IA32_EMULATION: 'y' }, []],
    ['amd64 with neither', 'amd64', { CONFIG_X86_X32_ABI: 'n', CONFIG_IA32_EMULATION: 'n' }, ['SCMP_ARCH_X32', 'SCMP_ARCH_X86']],
    ['no config: keep everything', 'amd64', {}, []],
    ['arm64 without compat', 'arm64', { CONFIG_COMPAT: 'n' }, ['SCMP_ARCH_ARM']],
    ['an arch without sub-arches', 's390x', { CONFIG_COMPAT: 'n' }, []],
  ];
  for (const [name, arch, config, want] of cases) assert.deepEqual(unrunnableArches(arch, config), want, name);
});

test('unrunnableSeccompArches caches its answer for the boot and recomputes a stale one', () => {
  const runRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-abis-'));
  try {
    const first = unrunnableSeccompArches(runRoot);
    const file = path.join(runRoot, 'kernel-abis.json');
    const cached = JSON.parse(fs.readFileSync(file, 'utf8')) as { key: string; unrunnable: string[] };
    assert.deepEqual(cached.unrunnable, first);
    // A cache from another boot is not believed.
    fs.writeFileSync(file, JSON.stringify({ key: 'another-boot', unrunnable: ['SCMP_ARCH_BOGUS'] }));
    assert.deepEqual(unrunnableSeccompArches(runRoot), first);
    assert.equal((JSON.parse(fs.readFileSync(file, 'utf8')) as { key: string }).key, cached.key);
    // One from this boot is, without reading the kernel config again.
    fs.writeFileSync(file, JSON.stringify({ key: cached.key, unrunnable: ['SCMP_ARCH_BOGUS'] }));
    assert.deepEqual(unrunnableSeccompArches(runRoot), ['SCMP_ARCH_BOGUS']);
  } finally {
    fs.rmSync(runRoot, { recursive: true, force: true });
  }
});
