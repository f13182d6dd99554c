import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ImageSummary } from '../../engine/images.ts';
import { formatList } from '../../format/report.ts';
import { defaultImagesFormat, imageRows, rowJSON, sortRows, splitRepoTag } from './images-rows.ts';
import { IMAGE_FIELDS } from './images.ts';

const NOW = Date.parse('2026-11-20T00:00:00Z');
const sum = (Id: string, Names: string[], Size: number, created = '2025-05-20T00:00:00Z'): ImageSummary => ({
  Id, ParentId: '', RepoTags: null, RepoDigests: [], Size, SharedSize: 0, VirtualSize: Size, Labels: null, Containers: 0,
  Names, Digest: 'sha256:91d4', History: [...Names].reverse(), Created: Date.parse(created) / 1000, CreatedAt: created,
  ...(Names.length ? {} : { Dangling: true }),
});
const BUSYBOX = 'd8a6c043c4ab880523251c34e5ca92f25aef6bd4905a861c059868d6a9b8a4ca';
const DEBIAN = '68cb54099cf6a1478561df41d2b38c788bbd3b7499e1ddb78c9466b09d30f353';
const list = [
  sum(BUSYBOX, ['docker.io/library/busybox:latest', 'localhost/mine:latest', 'quay.io/foo/bar:v1'], 2131736),
  sum(DEBIAN, ['docker.io/library/debian:bookworm-slim'], 77559079),
];
const table = (rows: ReturnType<typeof imageRows>, format = defaultImagesFormat({}), noHeading = false) =>
  formatList(rows, { format, defaultTable: defaultImagesFormat({}), headers: { ID: 'IMAGE ID' }, fields: IMAGE_FIELDS, noHeading, name: 'images' });

test('default table, one row per name (recorded from podman 4.3)', () => {
  assert.equal(
    table(sortRows(imageRows(list, { now: NOW }), 'created')),
    'REPOSITORY                 TAG            IMAGE ID      CREATED        SIZE\n' +
      'docker.io/library/busybox  latest         d8a6c043c4ab  18 months ago  2.13 MB\n' +
      'localhost/mine             latest         d8a6c043c4ab  18 months ago  2.13 MB\n' +
      'quay.io/foo/bar            v1             d8a6c043c4ab  18 months ago  2.13 MB\n' +
      'docker.io/library/debian   bookworm-slim  68cb54099cf6  18 months ago  77.6 MB\n',
  );
});

test('sorting by each key (podman 4.3 order)', () => {
  const rows = imageRows(list, { now: NOW });
  const order = (k: Parameters<typeof sortRows>[1]) => sortRows(rows, k).map((r) => `${r.Repository}:${r.Tag}`);
  assert.deepEqual(order('repository'), ['docker.io/library/busybox:latest', 'docker.io/library/debian:bookworm-slim', 'localhost/mine:latest', 'quay.io/foo/bar:v1']);
  assert.deepEqual(order('tag'), ['docker.io/library/debian:bookworm-slim', 'docker.io/library/busybox:latest', 'localhost/mine:latest', 'quay.io/foo/bar:v1']);
  assert.deepEqual(order('id'), ['docker.io/library/debian:bookworm-slim', 'docker.io/library/busybox:latest', 'localhost/mine:latest', 'quay.io/foo/bar:v1']);
  assert.deepEqual(order('size').at(-1), 'docker.io/library/debian:bookworm-slim');
});

test('dangling rows, --no-trunc, --digests and an empty table', () => {
  const rows = imageRows([sum(DEBIAN, [], 77559079)], { now: NOW, noTrunc: true });
  assert.equal(rows[0]!.Repository, '<none>');
  assert.equal(rows[0]!.ID, `sha256:${DEBIAN}`);
  assert.equal(rowJSON(rows[0]!)['Dangling'], true);
  assert.equal('Names' in rowJSON(rows[0]!), false);
  assert.equal(table([]), 'REPOSITORY  TAG         IMAGE ID    CREATED     SIZE\n');
  assert.equal(
    table(imageRows([list[1]!], { now: NOW }), defaultImagesFormat({ digests: true }), true),
    'docker.io/library/debian  bookworm-slim  sha256:91d4  68cb54099cf6  18 months ago  77.6 MB\n',
  );
});

test('template fields podman offers', () => {
  const out = formatList(imageRows([list[1]!], { now: NOW }), {
    format: '{{.Repository}}|{{.Tag}}|{{.Created}}|{{.CreatedAt}}|{{.VirtualSize}}|{{.Labels}}|{{.History}}|{{.Dangling}}',
    defaultTable: '', name: 'images',
  });
  assert.equal(out, 'docker.io/library/debian|bookworm-slim|18 months ago|2025-05-20 00:00:00 +0000 UTC|77559079|map[]|docker.io/library/debian:bookworm-slim|false\n');
  assert.deepEqual(splitRepoTag('localhost:5000/a/b'), ['localhost:5000/a/b', '<none>']);
  assert.deepEqual(splitRepoTag('localhost:5000/a/b:v1'), ['localhost:5000/a/b', 'v1']);
});
