/**
 * unknown-values-key beyond its policy examples: every bundled version's own values.yaml is clean
 * against that version, the hints' building blocks, and findings as the CLI prints them.
 */
import t from 'tap';
import { chartDefaults, chartVersions } from '../src/chart/history.js';
import { unknownKeys } from '../src/rules/facts/unknown-keys.js';
import { closestKey, editDistance } from '../src/rules/facts/edit-distance.js';
import { versionRanges } from '../src/rules/facts/version-ranges.js';
import type { ValuesRelease } from '../src/load/values.js';
import type { JsonObject } from '../src/json.js';
import { lintExample } from './helpers/lint-text.js';

const releaseOf = (user: JsonObject, chartVersion: string): ValuesRelease => ({ files: ['values.yaml'], values: user, user, chartVersion, locations: new Map(), duplicates: [] });

t.test("each of the 931 bundled versions' own values.yaml has no unknown key for that version", async (t) => {
  const versions = chartVersions();
  t.equal(versions.length, 931);
  const dirty: string[] = [];
  for (const version of versions) {
    const { values } = await chartDefaults(version);
    const found = unknownKeys(releaseOf(values, version));
    if (found.length > 0) dirty.push(`${version}: ${found.map((u) => u.path).join(', ')}`);
  }
  t.same(dirty, []);
});

t.test('a key is judged against the release chart version: read by 2.x, unknown to 3.x', async (t) => {
  const user = { datadog: { serviceTopology: { enabled: true } } };
  t.same(unknownKeys(releaseOf(user, '2.20.0')), []);
  const [found] = unknownKeys(releaseOf(user, '3.240.0'));
  t.match(found, { path: 'datadog.serviceTopology', version: '3.240.0', hint: { kind: 'versions', ranges: '2.8.6 to 2.22.7' } });
});

t.test('a version dd-lint has no data for is not judged', async (t) => {
  t.same(unknownKeys(releaseOf({ nonsense: 1 }, '9.9.9')), []);
});

t.test('edit distance counts a swap of neighbours as one edit; short keys need an exact match but for case', async (t) => {
  t.equal(editDistance('apikey', 'apiKey'), 1);
  t.equal(editDistance('enalbed', 'enabled'), 1);
  t.equal(editDistance('tags', 'tag'), 1);
  t.equal(closestKey('apikey', ['apiKey', 'appKey']), 'apiKey', 'letter case first');
  t.equal(closestKey('enabeld', ['enabled', 'env']), 'enabled');
  t.equal(closestKey('tag', ['tags']), undefined, 'three letters: no typo allowed');
  t.equal(closestKey('TAG', ['tag']), 'tag', 'but case is');
  t.equal(closestKey('logLevelz', ['logLevel']), 'logLevel');
  t.equal(closestKey('replicas', ['resources']), undefined, 'more than two edits');
});

t.test('versions compress into runs of consecutive bundled versions', async (t) => {
  const all = ['1.0.0', '1.1.0', '1.2.0', '2.0.0', '2.1.0', '3.0.0', '3.1.0', '4.0.0'];
  t.equal(versionRanges(['1.0.0', '1.1.0', '1.2.0'], all), '1.0.0 to 1.2.0');
  t.equal(versionRanges(['1.1.0', '2.1.0', '3.0.0'], all), '1.1.0, 2.1.0 to 3.0.0');
  t.equal(versionRanges(['1.0.0', '1.2.0', '2.1.0', '3.1.0'], all), '1.0.0, 1.2.0, 2.1.0 and 1 more ranges');
});

t.test('findings point at the key and word the hint (exact messages)', async (t) => {
  const values = [
    'datadog:', //
    '  apikey: x',
    '  serviceTopology:',
    '    enabled: true',
    'global:',
    '  anything: 1',
    'kube-state-metrics:',
    '  image: {tag: v2}',
    'operator:',
    '  replicaCont: 2',
  ].join('\n');
  const findings = (await lintExample({ values })).filter((f) => f.ruleId === 'unknown-values-key');
  t.same(
    findings.map((f) => `${f.location.line}:${f.location.column} ${f.severity} ${f.message}`),
    [
      '2:3 warning datadog.apikey is not a value of chart datadog 3.240.0: Helm ignores it, so what it sets never takes effect. Did you mean datadog.apiKey?',
      '3:3 warning datadog.serviceTopology is not a value of chart datadog 3.240.0: Helm ignores it, so what it sets never takes effect. It is read by chart 2.8.6 to 2.22.7; you use 3.240.0.',
      '10:3 warning operator.replicaCont is not a value of chart datadog 3.240.0: Helm ignores it, so what it sets never takes effect. Did you mean operator.replicaCount?',
    ],
  );
});

t.test('with chart 2.x the 3.x keys are the unknown ones', async (t) => {
  const findings = (await lintExample({ values: 'datadog:\n  otelCollector:\n    enabled: true\n', chartVersion: '2.37.9' })).filter((f) => f.ruleId === 'unknown-values-key');
  t.same(
    findings.map((f) => `${f.location.line}:${f.location.column} ${f.message}`),
    ['2:3 datadog.otelCollector is not a value of chart datadog 2.37.9: Helm ignores it, so what it sets never takes effect. It is read by chart 3.69.0 to 3.240.0; you use 2.37.9.'],
  );
});
