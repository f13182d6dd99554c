import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { emptyRegistriesConf, mergeRegistriesConf, parseRegistriesConf, type RegistriesConf } from '../config/registries-conf.ts';
import { aliasCacheText, chooseShortName, recordShortNameAlias } from './shortname-choice.ts';
import { toString } from './reference.ts';

function conf(text: string): RegistriesConf {
  const c = emptyRegistriesConf('/r.conf', []);
  mergeRegistriesConf(c, parseRegistriesConf(text, '/r.conf'));
  return c;
}
const TWO = 'unqualified-search-registries = ["127.0.0.1:5000", "127.0.0.1:5001"]\n';
const never = async (): Promise<string> => assert.fail('must not ask');

test('chooseShortName: asks only when podman would, pulls the pick, records the repository as the alias', async () => {
  for (const mode of ['enforcing', 'permissive']) {
    const c = conf(`short-name-mode = "${mode}"\n${TWO}`);
    let asked: string[] = [];
    const r = await chooseShortName('library/busybox:1.36', c, async (cands) => ((asked = cands), cands[1]!), () => false);
    assert.deepEqual(asked, ['127.0.0.1:5000/library/busybox:1.36', '127.0.0.1:5001/library/busybox:1.36']);
    assert.equal(toString(r!.reference), '127.0.0.1:5001/library/busybox:1.36');
    assert.deepEqual(r!.alias, { name: 'library/busybox', value: '127.0.0.1:5001/library/busybox' });
  }
  // no question: disabled mode, one registry, an alias, a fully qualified name
  assert.equal(await chooseShortName('foo', conf(`short-name-mode = "disabled"\n${TWO}`), never, () => false), undefined);
  assert.equal(await chooseShortName('foo', conf('unqualified-search-registries = ["127.0.0.1:5000"]\n'), never, () => false), undefined);
  assert.equal(await chooseShortName('foo', conf(`${TWO}[aliases]\nfoo = "127.0.0.1:5001/foo"\n`), never, () => false), undefined);
  assert.equal(await chooseShortName('127.0.0.1:5000/foo', conf(TWO), never, () => false), undefined);
  // already local under a search candidate: that name, no question and nothing recorded (podman 4.3)
  const local = await chooseShortName('foo', conf(TWO), never, (n) => n === '127.0.0.1:5001/foo:latest');
  assert.deepEqual({ ref: toString(local!.reference), alias: local!.alias }, { ref: '127.0.0.1:5001/foo:latest', alias: undefined });
  // the chooser's failure (^C) aborts
  await assert.rejects(chooseShortName('foo', conf(TWO), async () => { throw new Error('^C'); }, () => false), { message: '^C' });
});

test('alias cache: podman\'s file format, other entries kept, mode 0600', async () => {
  assert.equal(aliasCacheText(new Map([['library/busybox', '127.0.0.1:5000/library/busybox']])),
    '[aliases]\n  "library/busybox" = "127.0.0.1:5000/library/busybox"\n'); // as podman 4.3.1 wrote it
  const dir = mkdtempSync(path.join(os.tmpdir(), 'berth-alias-'));
  try {
    const file = path.join(dir, 'cache', 'short-name-aliases.conf');
    await recordShortNameAlias(file, 'zz', '127.0.0.1:5000/zz');
    assert.equal(statSync(file).mode & 0o777, 0o600);
    await recordShortNameAlias(file, 'aa', '127.0.0.1:5001/aa');
    await recordShortNameAlias(file, 'zz', '127.0.0.1:5001/zz');
    assert.equal(readFileSync(file, 'utf8'), '[aliases]\n  "aa" = "127.0.0.1:5001/aa"\n  "zz" = "127.0.0.1:5001/zz"\n');
    writeFileSync(file, '[aliases]\n"bad" = "not a reference!"\n');
    await assert.rejects(recordShortNameAlias(file, 'x', '127.0.0.1:5000/x'), /short-name aliases/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
