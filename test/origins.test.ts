/** Every origin says what it is in (a file, a --set argument, an object located by path), where it is made. */
import t from 'tap';
import { parseHelmYaml } from '../src/load/helm-yaml.js';
import { locate, mergeUserValues } from '../src/load/values.js';
import { parseYamlDocuments } from '../src/load/yaml-documents.js';
import { jsonLocations, pathLocator } from '../src/load/json-locations.js';

t.test('values and manifest files: file locations (the default kind)', async (t) => {
  const values = parseHelmYaml('values.yaml', 'clusterAgent:\n  token: abc\n');
  const merged = mergeUserValues([values], []);
  t.same(locate({ files: ['values.yaml'], ...merged }, ['clusterAgent', 'token']), { file: 'values.yaml', line: 2, column: 3, valuesPath: 'clusterAgent.token' });
  t.same(locate({ files: ['values.yaml'], ...merged }, ['datadog', 'apiKey']), { file: 'values.yaml', line: 1, column: 1, valuesPath: 'datadog.apiKey', fromDefault: true });
  const [doc] = parseYamlDocuments('app.yaml', 'kind: Service\nmetadata:\n  name: web\n');
  t.same(doc!.locations.get('metadata\u001fname'), { file: 'app.yaml', line: 3, column: 3 });
});

t.test('--set: a set location named by the argument, secrets masked', async (t) => {
  const merged = mergeUserValues([], [{ expr: 'clusterAgent.enabled=true,clusterAgent.token=s3cr3t!!', asString: false }]);
  t.same(locate({ files: [], ...merged }, ['clusterAgent', 'token']), {
    file: '--set clusterAgent.enabled=true,clusterAgent.token=<redacted, 8 chars>',
    line: 1,
    column: 1,
    source: 'set',
    valuesPath: 'clusterAgent.token',
  });
  t.same(locate({ files: [], ...merged }, ['datadog', 'apiKey']), { file: '<values>', line: 1, column: 1, source: 'object', valuesPath: 'datadog.apiKey', fromDefault: true }, 'no file: the values as a whole');
});

t.test("objects: an admitted object, a release Secret's values", async (t) => {
  const origin = pathLocator('Deployment shop/web')(['spec', 'replicas']);
  t.equal(origin.source, 'object');
  t.same(JSON.parse(JSON.stringify(origin)), { file: 'Deployment shop/web', line: 1, column: 1, source: 'object', valuesPath: 'spec.replicas' });
  const config = { clusterAgent: { enabled: true } };
  const locations = jsonLocations(config, 'release.yaml values');
  t.same(locations.get('clusterAgent'), { file: 'release.yaml values', line: 1, column: 1, source: 'object', valuesPath: 'clusterAgent' });
  const merged = mergeUserValues([{ file: 'release.yaml values', value: config, locations, duplicates: [], text: '' }], []);
  t.match(locate({ files: ['release.yaml values'], ...merged }, ['datadog', 'apiKey']), { file: 'release.yaml values', source: 'object', fromDefault: true }, 'a default in a release is located in its values, an object');
});
