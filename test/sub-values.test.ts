/** subValues: a sub-tree of a parsed file as a values file of its own, its locations still in that file. */
import t from 'tap';
import { parseHelmYaml } from '../src/load/helm-yaml.js';
import { pathKey } from '../src/load/path.js';
import { subValues } from '../src/load/sub-values.js';

const parsed = parseHelmYaml(
  'helmfile.yaml',
  `releases:
  - name: datadog
    values:
      - datadog:
          apiKey: one
          apiKey: two
          env:
            - name: A
global:
  site: eu
`,
);

t.test('re-rooted at the top', async (t) => {
  const sub = subValues(parsed, ['releases', 0, 'values', 0])!;
  t.same(sub.value, { datadog: { apiKey: 'two', env: [{ name: 'A' }] } });
  t.same([...sub.locations.keys()].sort(), ['datadog', 'datadog\u001fapiKey', 'datadog\u001fenv', 'datadog\u001fenv\u001f0', 'datadog\u001fenv\u001f0\u001fname'].sort());
  t.match(sub.locations.get(pathKey(['datadog', 'apiKey'])), { file: 'helmfile.yaml', line: 6, column: 11 });
  t.match(sub.locations.get(pathKey(['datadog', 'env', 0, 'name'])), { line: 8, column: 15 });
  t.same(sub.duplicates.map((d) => [d.path, d.first.line, d.second.line]), [[['datadog', 'apiKey'], 5, 6]], 'duplicate keys inside it, re-rooted');
  t.equal(sub.text, parsed.text, 'the whole text, for suppression comments');
});

t.test('re-rooted at a path: its keys point where the sub-tree was written', async (t) => {
  const sub = subValues(parsed, ['global'], ['global'])!;
  t.same(sub.value, { global: { site: 'eu' } });
  t.match(sub.locations.get(pathKey(['global'])), { line: 9, column: 1 });
  t.match(sub.locations.get(pathKey(['global', 'site'])), { line: 10, column: 3 });
  t.same(sub.duplicates, []);
});

t.test('not a map, or missing: undefined; the parsed file is not changed', async (t) => {
  t.equal(subValues(parsed, ['releases']), undefined);
  t.equal(subValues(parsed, ['nope', 'x']), undefined);
  const sub = subValues(parsed, ['global'])!;
  (sub.value as { site: string }).site = 'us';
  t.equal((parsed.value.global as { site: string }).site, 'eu');
});
