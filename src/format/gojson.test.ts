import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toGoJSON, goJSONString } from './gojson.ts';

test('Go encoding/json strings', () => {
  const cases: [string, boolean, string][] = [
    ['x<y&>', true, '"x\\u003cy\\u0026\\u003e"'], // podman volume ls --format json: "z": "x\u003cy\u0026"
    ['x<y&>', false, '"x<y&>"'], // podman volume inspect: "z": "x<y&"
    ['a"b\\c\n\t\r', true, '"a\\"b\\\\c\\n\\t\\r"'],
    ['\b\f\x01', true, '"\\u0008\\u000c\\u0001"'],
    ['\u2028é😀', true, '"\\u2028é😀"'],
    ['\ud800', true, '"\\ufffd"'],
  ];
  for (const [s, html, want] of cases) assert.equal(goJSONString(s, html), want, s);
});

test('Go encoding/json values', () => {
  const cases: [unknown, Parameters<typeof toGoJSON>[1], string][] = [
    [{ a: 1, b: [1, 'x'], c: null, d: undefined, e: {} }, {}, '{"a":1,"b":[1,"x"],"c":null,"e":{}}'],
    [[], { indent: '    ' }, '[]'],
    [{ a: {}, b: [] }, { indent: '  ' }, '{\n  "a": {},\n  "b": []\n}'],
    [{ a: {} }, { indent: '  ', jsoniterEmptyObject: true }, '{\n  "a": {\n    \n  }\n}'],
    [{ t: new Date('2026-11-28T01:47:27Z'), n: 1e21, f: 0.0000001 }, {}, '{"t":"2026-11-28T01:47:27Z","n":1e+21,"f":1e-7}'],
  ];
  for (const [v, o, want] of cases) assert.equal(toGoJSON(v, o), want, JSON.stringify(v));
});
