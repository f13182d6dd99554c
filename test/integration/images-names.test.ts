// NamesHistory end to end: `image inspect` and `images --format json` keep every name an image had, newest first.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { sandbox } from '../helpers/berth.ts';
import { seedImage } from '../helpers/seed-image.ts';

const sb = sandbox();
after(() => sb.cleanup());

const ok = (args: string[]) => {
  const r = sb.run(args);
  assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
};
const history = (name: string) => JSON.parse(ok(['image', 'inspect', '--format', '{{json .NamesHistory}}', name])) as string[];
const l = (n: string) => `localhost/${n}:latest`;
const BB = 'docker.io/library/busybox:latest';

// Every expectation below was recorded with podman 4.3.1 running the same verbs.
test('NamesHistory: tag prepends, untag and rmi of a tag keep the name, a name moved to another image stays', async () => {
  const bb = await seedImage(sb.root, { names: [BB], layers: [{ a: 'a' }] });
  const deb = await seedImage(sb.root, { names: ['docker.io/library/debian:bookworm-slim'], layers: [{ d: 'd' }] });
  assert.deepEqual(history('busybox'), [BB]);
  ok(['tag', 'busybox', 'a', 'b', 'c']);
  assert.deepEqual(history('busybox'), [l('c'), l('b'), l('a'), BB]);
  ok(['untag', 'busybox', l('b')]);
  assert.deepEqual(history('busybox'), [l('c'), l('a'), BB, l('b')]);
  ok(['tag', 'busybox', 'b']);
  assert.deepEqual(history('busybox'), [l('b'), l('c'), l('a'), BB]);
  assert.equal(ok(['rmi', 'a']), `Untagged: ${l('a')}\n`);
  assert.deepEqual(history('busybox'), [l('b'), l('c'), BB, l('a')]);
  ok(['tag', 'debian:bookworm-slim', 'c']);
  assert.deepEqual(history(bb.id), [l('b'), l('c'), BB, l('a')]);
  assert.deepEqual(history(deb.id), [l('c'), 'docker.io/library/debian:bookworm-slim']);
  // an image left without names keeps its history (inspect and the images JSON History field)
  ok(['untag', bb.id]);
  assert.deepEqual(history(bb.id), [l('b'), l('c'), BB, l('a')]);
  const rows = JSON.parse(ok(['images', '--format', 'json'])) as Array<{ Id: string; History: string[] }>;
  assert.deepEqual(rows.find((r) => r.Id === bb.id)?.History, [l('b'), l('c'), BB, l('a')]);
  ok(['rmi', '-a']);
});
