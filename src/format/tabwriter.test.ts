import { test } from 'node:test';
import assert from 'node:assert/strict';
import { alignColumns, tabwrite } from './tabwriter.ts';

test('alignColumns with podman settings (minwidth 12, padding 2)', () => {
  const cases: [string[][], string][] = [
    // podman ps -a: an empty PORTS cell is padded, the last column is not
    [[['CONTAINER ID', 'IMAGE', 'COMMAND', 'CREATED', 'STATUS', 'PORTS', 'NAMES'],
      ['2cbd422af4de', 'localhost/test:v1', '/hello', 'Less than a second ago', 'Created', '', 'c1']],
     'CONTAINER ID  IMAGE              COMMAND     CREATED                 STATUS      PORTS       NAMES\n' +
     '2cbd422af4de  localhost/test:v1  /hello      Less than a second ago  Created                 c1\n'],
    // podman network ls
    [[['NETWORK ID', 'NAME', 'DRIVER'], ['2f259bab93aa', 'podman', 'bridge']],
     'NETWORK ID    NAME        DRIVER\n2f259bab93aa  podman      bridge\n'],
    [[], ''],
    [[['only']], 'only\n'],
    // widths count runes, not UTF-16 units or bytes
    [[['é', 'x'], ['abcdefghijkl', 'y']], 'é             x\nabcdefghijkl  y\n'],
  ];
  for (const [rows, want] of cases) assert.equal(alignColumns(rows), want, JSON.stringify(rows));
});

test('tabwrite: a line without tabs ends the column block (Go semantics)', () => {
  assert.equal(tabwrite('a\tb\nno tabs here\nlonger-cell-text\tc\n'), 'a           b\nno tabs here\nlonger-cell-text  c\n');
  // A cell only in some lines: column 1 is sized over the lines that have it.
  assert.equal(tabwrite('a\tb\tc\nd\te\n', { minwidth: 0, padding: 1 }), 'a b c\nd e\n');
  assert.equal(tabwrite('a\tbbbbbbb\tc\ndd\te\tf\n', { minwidth: 0, padding: 1 }), 'a  bbbbbbb c\ndd e       f\n');
  assert.equal(tabwrite('1\t22\n333\t4\n', { minwidth: 0, padding: 1, alignRight: true }), '   122\n 3334\n');
});
