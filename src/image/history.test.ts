import { test } from 'node:test';
import assert from 'node:assert/strict';
import { imageHistory } from './history.ts';
import { renderImageTree } from './tree.ts';

test('history rows as podman: top entry has the ID, layers without their own image are <missing>', () => {
  const rows = imageHistory({
    imageId: 'd8a6',
    history: [{ created: '2025-05-20T00:00:00Z', created_by: 'busybox layer' }, { created: '2025-05-20T00:00:00Z', created_by: 'CMD ["sh"]', empty_layer: true }],
    layers: [{ id: 'l1', size: 2129920 }],
    imagesByTopLayer: new Map([['l1', [{ id: 'd8a6', names: ['docker.io/library/busybox:latest'] }]]]),
  });
  assert.deepEqual(rows.map((r) => [r.id, r.createdBy, r.size]), [['d8a6', 'CMD ["sh"]', 0], ['<missing>', 'busybox layer', 2129920]]);
});

test('image tree drawing (recorded from podman 4.3 for busybox)', () => {
  const out = renderImageTree(
    {
      imageId: 'd8a6c043c4ab880523251c34e5ca92f25aef6bd4905a861c059868d6a9b8a4ca',
      names: ['docker.io/library/busybox:latest', 'localhost/mine:latest', 'quay.io/foo/bar:v1'],
      size: 2131736,
      topLayer: '22d3b4dcbb60d8079cdae269533e33f05b710a9b15444cbb6f3c80b3afbfd448',
      layers: new Map([['22d3b4dcbb60d8079cdae269533e33f05b710a9b15444cbb6f3c80b3afbfd448', { id: '22d3b4dcbb60d8079cdae269533e33f05b710a9b15444cbb6f3c80b3afbfd448', parent: null, size: 2129920 }]]),
      namesByTopLayer: new Map([['22d3b4dcbb60d8079cdae269533e33f05b710a9b15444cbb6f3c80b3afbfd448', ['docker.io/library/busybox:latest', 'localhost/mine:latest', 'quay.io/foo/bar:v1']]]),
    },
    false,
  );
  assert.equal(
    out,
    'Image ID: d8a6c043c4ab\nTags:     [docker.io/library/busybox:latest localhost/mine:latest quay.io/foo/bar:v1]\nSize:     2.132MB\nImage Layers\n' +
      '└── ID: 22d3b4dcbb60 Size:  2.13MB Top Layer of: [docker.io/library/busybox:latest localhost/mine:latest quay.io/foo/bar:v1]\n\n',
  );
});
