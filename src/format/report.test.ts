import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatList, formatInspect, isJSONFormat, normalizeFormat, enforceRange, headersFor, splitCamelCase } from './report.ts';
import { goStruct } from './govalue.ts';

// Volumes as podman 4.3 listed them: `podman volume create --label a=b --label 'z=x<y&' v1`, `... v2`,
// `podman volume create --label 'long=a very long label value here' averyveryverylongvolumename`.
const vol = (Name: string, Labels: Record<string, string>, CreatedAt: string) =>
  goStruct({ Name, Driver: 'local', Mountpoint: `/tmp/fmtpod/root/volumes/${Name}/_data`, CreatedAt, Labels, Scope: 'local', Options: {}, MountCount: 0, NeedsCopyUp: true, NeedsChown: true }, '*entities.VolumeListReport');
const volumes = () => [
  vol('averyveryverylongvolumename', { long: 'a very long label value here' }, '2026-11-28T01:50:00.1Z'),
  vol('v1', { a: 'b', z: 'x<y&' }, '2026-11-28T01:47:12.824292509Z'),
  vol('v2', {}, '2026-11-28T01:47:12.846652358Z'),
];
const volumeOpts = { defaultTable: 'table {{.Driver}}\t{{.Name}}', headers: { Name: 'volume name' }, name: 'ls', json: { indent: '  ', jsoniterEmptyObject: true } };

const recorded: [string, string | undefined, boolean, string][] = [
  // podman volume ls
  ['default table', undefined, false,
    'DRIVER      VOLUME NAME\nlocal       averyveryverylongvolumename\nlocal       v1\nlocal       v2\n'],
  // podman volume ls --format 'table {{.Name}} {{.Driver}}\t{{.Labels}}'   (a space in a table is a column break)
  ['table with space', 'table {{.Name}} {{.Driver}}\\t{{.Labels}}', false,
    'VOLUME NAME                  DRIVER      LABELS\n' +
    'averyveryverylongvolumename  local       map[long:a very long label value here]\n' +
    'v1                           local       map[a:b z:x<y&]\n' +
    'v2                           local       map[]\n'],
  // podman volume ls --format 'table {{.Name}}\t{{.Driver}}\t{{.Labels}}' --noheading
  ['noheading', 'table {{.Name}}\\t{{.Driver}}\\t{{.Labels}}', true,
    'averyveryverylongvolumename  local       map[long:a very long label value here]\n' +
    'v1                           local       map[a:b z:x<y&]\n' +
    'v2                           local       map[]\n'],
  // podman volume ls --format '{{.Name}}\t{{.Labels.a}}'   (no header, tab kept, not aligned)
  ['plain template', '{{.Name}}\\t{{.Labels.a}}', false,
    'averyveryverylongvolumename\t<no value>\nv1\tb\nv2\t<no value>\n'],
  // podman volume ls --format json --filter name=v2   (json-iterator: 2 spaces, odd empty objects)
  ['json', 'json', false,
    '[\n  {\n    "Name": "v2",\n    "Driver": "local",\n    "Mountpoint": "/tmp/fmtpod/root/volumes/v2/_data",\n' +
    '    "CreatedAt": "2026-11-28T01:47:12.846652358Z",\n    "Labels": {\n      \n    },\n    "Scope": "local",\n' +
    '    "Options": {\n      \n    },\n    "MountCount": 0,\n    "NeedsCopyUp": true,\n    "NeedsChown": true\n  }\n]\n'],
];

test('formatList matches podman volume ls', () => {
  for (const [what, format, noHeading, want] of recorded) {
    const items = format === 'json' ? volumes().slice(2) : volumes();
    assert.equal(formatList(items, { ...volumeOpts, format, noHeading }), want, what);
  }
});

test('headers without a mapping print <no value>, as podman does', () => {
  // podman volume ls --format 'table {{.Name}}\t{{.Foo}}' prints "VOLUME NAME  <no value>" before failing on .Foo;
  // with .Scope and .CreatedAt: "VOLUME NAME  <no value>  SCOPE       CREATED AT"
  // Spreading drops the goStruct mark: plain maps let the row render .Nope as <no value> too.
  const out = formatList(volumes().slice(1, 2).map((v) => ({ ...v })), { ...volumeOpts, format: 'table {{.Name}}\\t{{.Nope}}\\t{{.Scope}}\\t{{.CreatedAt}}' });
  assert.equal(out.split('\n')[0], 'VOLUME NAME  <no value>  SCOPE       CREATED AT');
  assert.throws(() => formatList(volumes(), { ...volumeOpts, format: 'table {{.Name}}\\t{{.Foo}}' }),
    /template: ls:1:23: executing "ls" at <\.Foo>: can't evaluate field Foo in type \*entities\.VolumeListReport/);
});

test('images: header overrides, functions in headers, 4-space JSON with HTML escaping', () => {
  const img = (Repository: string, Tag: string) => ({ ID: 'e46423b22a42', Repository, Tag, Names: ['localhost/test:v1', 'localhost/other:latest'], Labels: { x: '<y>' } });
  const items = [img('localhost/test', 'v1'), img('localhost/other', 'latest')];
  const opts = { defaultTable: 'table {{.Repository}}\t{{.Tag}}\t{{.ID}}', headers: { ID: 'IMAGE ID' }, name: 'images' };
  // podman images --format 'table {{.ID | upper}} {{len .Names}}'
  assert.equal(formatList(items, { ...opts, format: 'table {{.ID | upper}} {{len .Names}}' }),
    'IMAGE ID      5\nE46423B22A42  2\nE46423B22A42  2\n');
  // podman images --format 'table {{.ID}} {{.Repository}}\t{{.Tag}}'
  assert.equal(formatList(items, { ...opts, format: 'table {{.ID}} {{.Repository}}\\t{{.Tag}}' }),
    'IMAGE ID      REPOSITORY       TAG\ne46423b22a42  localhost/test   v1\ne46423b22a42  localhost/other  latest\n');
  // podman images --format '{{.ID}} {{.Repository}}\t{{.Tag}}|'
  assert.equal(formatList(items, { ...opts, format: '{{.ID}} {{.Repository}}\\t{{.Tag}}|' }),
    'e46423b22a42 localhost/test\tv1|\ne46423b22a42 localhost/other\tlatest|\n');
  // podman images --format table   ("table" without a space is a literal template)
  assert.equal(formatList(items, { ...opts, format: 'table' }), 'table\ntable\n');
  assert.equal(formatList([items[0]], { ...opts, format: 'json' }),
    '[\n    {\n        "ID": "e46423b22a42",\n        "Repository": "localhost/test",\n        "Tag": "v1",\n        "Names": [\n' +
    '            "localhost/test:v1",\n            "localhost/other:latest"\n        ],\n        "Labels": {\n            "x": "\\u003cy\\u003e"\n        }\n    }\n]\n');
  assert.equal(formatList([], { ...opts, format: 'json' }), '[]\n');
  // An empty list still prints the header (podman images on an empty store).
  assert.equal(formatList([], { ...opts, fields: ['Repository', 'Tag', 'ID'] }), 'REPOSITORY  TAG         IMAGE ID\n');
  // A user range over the list runs once ({{range .}} is not added twice); $ is the list.
  assert.equal(formatList(items, { ...opts, format: '{{range .}}{{.Tag}},{{end}}' }), 'v1,latest,\n');
  assert.equal(formatList(items, { ...opts, format: '{{len $}}' }), '2\n2\n');
});

test('formatInspect: 5-space JSON without HTML escaping, or a template per item', () => {
  // podman volume inspect v2   (first lines)
  const out = formatInspect(volumes().slice(2));
  assert.ok(out.startsWith('[\n     {\n          "Name": "v2",\n          "Driver": "local",'), out);
  assert.ok(out.includes('"Labels": {},'));
  assert.ok(formatInspect(volumes().slice(1, 2)).includes('"z": "x<y&"'));
  // podman volume inspect --format '{{.Name}}\t{{.Driver}}|' v1 v2
  assert.equal(formatInspect(volumes().slice(1), '{{.Name}}\\t{{.Driver}}|'), 'v1\tlocal|\nv2\tlocal|\n');
  // podman volume inspect --format 'table {{.Name}}' v1 v2
  assert.equal(formatInspect(volumes().slice(1), 'table {{.Name}}'), 'v1\nv2\n');
});

test('format helpers', () => {
  const cases: [string, boolean][] = [['json', true], [' json ', true], ['{{json .}}', true], ['{{ json }}', true], ['{{json .ID}}', false], ['table json', false]];
  for (const [f, want] of cases) assert.equal(isJSONFormat(f), want, f);
  assert.equal(normalizeFormat('table {{.A}} {{.B}}\\t{{.C}}'), '{{.A}}\t{{.B}}\t{{.C}}\n');
  assert.equal(normalizeFormat('{{.A}} {{.B}}\\n'), '{{.A}} {{.B}}\n');
  assert.equal(enforceRange('{{.A}}\n'), '{{range .}}{{.A}}\n{{end -}}');
  assert.equal(enforceRange('{{ range . }}x{{ end }}'), '{{ range . }}x{{ end }}');
  const split: [string, string[]][] = [['VirtualSize', ['Virtual', 'Size']], ['PDFLoader', ['PDF', 'Loader']], ['ID', ['ID']], ['GL11Version', ['GL', '11', 'Version']], ['lowercase', ['lowercase']]];
  for (const [s, want] of split) assert.deepEqual(splitCamelCase(s), want, s);
  assert.deepEqual(headersFor(['ID', 'CreatedAt', 'Names'], { ID: 'container id' }), { ID: 'CONTAINER ID', CreatedAt: 'CREATED AT', Names: 'NAMES' });
});
