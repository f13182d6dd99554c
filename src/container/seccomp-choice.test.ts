import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { customSeccompProfile, IMAGE_SECCOMP_LABEL } from './seccomp-choice.ts';

test('custom seccomp profiles: image label, --security-opt file, default; podman 4.3 errors', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-seccomp-'));
  try {
    const good = path.join(dir, 'good.json');
    fs.writeFileSync(good, '{"defaultAction":"SCMP_ACT_ALLOW"}');
    const bad = path.join(dir, 'bad.json');
    fs.writeFileSync(bad, '{bad');
    const labels = { [IMAGE_SECCOMP_LABEL]: '{"defaultAction":"SCMP_ACT_LOG"}' };
    const ok: Array<[Parameters<typeof customSeccompProfile>[0], Record<string, string> | null, unknown]> = [
      [{}, null, undefined],
      [{ seccompPolicy: 'default' }, labels, undefined],
      [{ securityOpt: ['seccomp=unconfined'] }, null, undefined],
      [{ securityOpt: ['no-new-privileges', `seccomp=${good}`] }, null, { defaultAction: 'SCMP_ACT_ALLOW' }],
      [{ securityOpt: [`seccomp:${good}`] }, null, { defaultAction: 'SCMP_ACT_ALLOW' }],
      [{ seccompPolicy: 'image' }, labels, { defaultAction: 'SCMP_ACT_LOG' }],
      [{ seccompPolicy: 'image', securityOpt: [`seccomp=${good}`] }, labels, { defaultAction: 'SCMP_ACT_LOG' }],
    ];
    for (const [o, l, want] of ok) assert.deepEqual(customSeccompProfile(o, l), want, JSON.stringify(o));
    const errs: Array<[Parameters<typeof customSeccompProfile>[0], Record<string, string> | null, RegExp]> = [
      [{ seccompPolicy: 'bogus' }, null, /^invalid seccomp policy "bogus": valid policies are \["default" "image"\]$/],
      [{ seccompPolicy: 'image' }, {}, /^no seccomp policy defined by image$/],
      [{ seccompPolicy: 'image' }, { [IMAGE_SECCOMP_LABEL]: '{x' }, /^loading seccomp profile failed: decoding seccomp profile failed: /],
      [{ securityOpt: [`seccomp=${dir}/none.json`] }, null, new RegExp(`^opening seccomp profile failed: open ${dir}/none.json: no such file or directory$`)],
      [{ securityOpt: [`seccomp=${bad}`] }, null, new RegExp(`^loading seccomp profile \\(${bad}\\) failed: decoding seccomp profile failed: `)],
    ];
    for (const [o, l, re] of errs) assert.throws(() => customSeccompProfile(o, l), (e: Error & { code?: string }) => re.test(e.message) && e.code === 'invalid-argument', JSON.stringify(o));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
