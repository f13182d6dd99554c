// Unit tests for search filters and target selection.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { matchesFilter, parseSearchFilters, searchTargets, tagsRepository } from './search.ts';
import { emptyRegistriesConf } from '../config/registries-conf.ts';

test('parseSearchFilters', () => {
  const cases: Array<[string[], unknown]> = [
    [[], { stars: 0 }],
    [['stars=3'], { stars: 3 }],
    [['is-official'], { stars: 0, official: true }],
    [['is-automated=false', 'stars=1'], { stars: 1, automated: false }],
  ];
  for (const [input, want] of cases) assert.deepEqual(parseSearchFilters(input), want, input.join(','));
  assert.throws(() => parseSearchFilters(['stars=x']), /incorrect value type for stars filter/);
  assert.throws(() => parseSearchFilters(['color=red']), /invalid filter type "color"/);
});

test('matchesFilter', () => {
  const r = { Index: 'd', Name: 'd/x', Description: '', Stars: 5, Official: '[OK]', Automated: '', Tag: '' };
  assert.equal(matchesFilter(r, { stars: 5 }), true);
  assert.equal(matchesFilter(r, { stars: 6 }), false);
  assert.equal(matchesFilter(r, { stars: 0, official: false }), false);
  assert.equal(matchesFilter(r, { stars: 0, automated: false }), true);
});

test('searchTargets: the named registry, else the search list, through an exact [[registry]] location', () => {
  const conf = emptyRegistriesConf();
  conf.unqualifiedSearchRegistries = ['docker.io'];
  conf.registries = [{ prefix: 'docker.io', location: '127.0.0.1:5000', insecure: true, blocked: false, mirrorByDigestOnly: false, mirrors: [] }];
  assert.deepEqual(searchTargets('busybox', conf), [{ index: 'docker.io', host: '127.0.0.1:5000', insecure: true, term: 'busybox' }]);
  assert.deepEqual(searchTargets('quay.io/foo', conf), [{ index: 'quay.io', host: 'quay.io', insecure: false, term: 'foo' }]);
  assert.deepEqual(searchTargets('localhost:5000/', conf), [{ index: 'localhost:5000', host: 'localhost:5000', insecure: false, term: '' }]);
  assert.equal(tagsRepository({ index: 'docker.io', host: 'h', insecure: false, term: 'busybox' }), 'library/busybox');
  assert.equal(tagsRepository({ index: 'quay.io', host: 'h', insecure: false, term: 'a/b:1' }), 'a/b');
});
