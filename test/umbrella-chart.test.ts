/**
 * Umbrella charts: a Chart.yaml depending on the datadog chart (under an alias, with a condition),
 * its values.yaml holding a full copy of the chart's values under the alias, `global` copied down
 * as Helm does, the version from Chart.lock; findings at the umbrella values' lines.
 */
import t from 'tap';
import { lintTexts } from '../src/engine/run.js';
import { pathKey } from '../src/load/path.js';
import { chartValues, CHART_VALUES_MISSING } from './helpers/chart-values.js';
import { CLUSTER_TOKEN } from './helpers/findings.js';
import { lintTree, where, writeTree } from './helpers/wrapper-tree.js';

const VERSION = '3.240.0';
const full = chartValues(VERSION);

// Written the way Helm's docs show a dependency: name, version range, repository, alias, condition.
const chartYaml = `apiVersion: v2
name: platform-monitoring
description: Datadog and its friends for the shop clusters
type: application
version: 1.4.0
dependencies:
  - name: datadog
    version: "~3.240.0"
    repository: https://helm.datadoghq.com
    alias: dd
    condition: dd.enabled
  - name: redis
    version: 18.1.0
    repository: https://charts.bitnami.com/bitnami
`;
const chartLock = `dependencies:
- name: datadog
  repository: https://helm.datadoghq.com
  version: ${VERSION}
- name: redis
  repository: https://charts.bitnami.com/bitnami
  version: 18.1.0
digest: sha256:0000000000000000000000000000000000000000000000000000000000000000
generated: "2025-01-01T00:00:00.000000000Z"
`;

/** The umbrella's values: `global`, then the full copy (token made 30 characters long) indented under `dd:`. */
function umbrellaValues(copy: string, enabled: boolean): { text: string; headerLines: number } {
  const header = `global:\n  apmRegistryAllowList:\n    - gcr.io/datadoghq\nredis:\n  architecture: standalone\ndd:\n  enabled: ${enabled}\n`;
  const body = copy.replace(/^  token: ""$/m, `  token: ${CLUSTER_TOKEN}`).replace(/^(?=.)/gm, '  ');
  return { text: header + body, headerLines: header.split('\n').length - 1 };
}

t.test('a full copy of the chart values under an alias: the same problems as unwrapped, at the umbrella values lines', { skip: full ? false : CHART_VALUES_MISSING(VERSION) }, async (t) => {
  const { text, headerLines } = umbrellaValues(full!, true);
  const root = writeTree({ 'Chart.yaml': chartYaml, 'Chart.lock': chartLock, 'values.yaml': text });
  const result = await lintTree(root);
  // The copy leaves the API key unset (given at install time): the info points at the umbrella's line of it.
  t.same(where(root, result.findings), [`values.yaml:${63 + headerLines}:5 notice-api-key-missing`, `values.yaml:${1590 + headerLines}:5 cluster-agent-token-too-short`]);
  t.equal(result.model.releases.length, 1, 'values.yaml is read through Chart.yaml only');
  const release = result.model.releases[0]!;
  t.equal(release.chartVersion, VERSION, 'the version Chart.lock pins');
  t.same(release.user.global, { apmRegistryAllowList: ['gcr.io/datadoghq'] }, "the umbrella's global wins over the copy's");
  t.match(release.locations.get(pathKey(['global', 'apmRegistryAllowList'])), { line: 2, column: 3 });
  t.match(release.locations.get(pathKey(['clusterAgent', 'token'])), { file: `${root}/values.yaml`, line: 1590 + headerLines, column: 5 });

  const plain = await lintTexts([{ file: 'values.yaml', text: full!.replace(/^  token: ""$/m, `  token: ${CLUSTER_TOKEN}`) }], [], { sets: [], chartVersion: VERSION });
  t.same(
    result.findings.map((f) => [f.ruleId, f.severity, f.message]),
    plain.findings.map((f) => [f.ruleId, f.severity, f.message]),
  );
});

t.test('the condition false in the umbrella values: no release', { skip: full ? false : CHART_VALUES_MISSING(VERSION) }, async (t) => {
  const root = writeTree({ 'Chart.yaml': chartYaml, 'values.yaml': umbrellaValues(full!, false).text });
  const result = await lintTree(root);
  t.same(where(root, result.findings), []);
  t.equal(result.model.releases.length, 0);
});

t.test('without Chart.lock the dependency version (a range) decides; without alias the key is datadog; nested keys point into values.yaml', async (t) => {
  const root = writeTree({
    'Chart.yaml': 'apiVersion: v2\nname: mon\nversion: 0.1.0\ndependencies:\n  - name: datadog\n    version: 3.69.x\n    repository: https://helm.datadoghq.com\n',
    'values.yaml': `datadog:\n  datadog:\n    apiKey: short\n  clusterAgent:\n    token: ${CLUSTER_TOKEN}\n`,
  });
  const result = await lintTree(root);
  t.same(where(root, result.findings), ['values.yaml:5:5 cluster-agent-token-too-short']);
  t.match(result.model.releases[0]!.chartVersion, /^3\.69\.\d+$/);
  t.match(result.model.releases[0]!.locations.get(pathKey(['datadog', 'apiKey'])), { file: `${root}/values.yaml`, line: 3, column: 5 });
});

t.test('a v1 chart: requirements.yaml and requirements.lock; tags', async (t) => {
  const root = writeTree({
    'Chart.yaml': 'apiVersion: v1\nname: mon\nversion: 0.1.0\n',
    'requirements.yaml': 'dependencies:\n- name: datadog\n  version: ">=3.0.0"\n  repository: https://helm.datadoghq.com\n  tags: [monitoring]\n',
    'requirements.lock': 'dependencies:\n- name: datadog\n  repository: https://helm.datadoghq.com\n  version: 3.123.3\n',
    'values.yaml': `tags:\n  monitoring: true\ndatadog:\n  clusterAgent:\n    token: ${CLUSTER_TOKEN}\n  datadog:\n    apiKeyExistingSecret: datadog-secret\n`,
  });
  const result = await lintTree(root);
  t.same(where(root, result.findings), ['values.yaml:5:5 cluster-agent-token-too-short']);
  t.equal(result.model.releases[0]!.chartVersion, '3.123.3');

  const off = writeTree({
    'Chart.yaml': 'apiVersion: v1\nname: mon\nversion: 0.1.0\n',
    'requirements.yaml': 'dependencies:\n- name: datadog\n  version: 3.123.3\n  tags: [monitoring]\n',
    'values.yaml': `tags:\n  monitoring: false\ndatadog:\n  clusterAgent:\n    token: ${CLUSTER_TOKEN}\n`,
  });
  t.equal((await lintTree(off)).model.releases.length, 0, 'all its tags false: disabled');
});

t.test('a Chart.yaml without the datadog chart is neither values nor a release; its values.yaml is read as before', async (t) => {
  const root = writeTree({
    'Chart.yaml': 'apiVersion: v2\nname: shop\nversion: 0.1.0\ndependencies:\n  - name: redis\n    version: 18.1.0\n',
    'values.yaml': `clusterAgent:\n  token: ${CLUSTER_TOKEN}\ndatadog:\n  apiKeyExistingSecret: datadog-secret\n`,
  });
  const result = await lintTree(root);
  t.same(where(root, result.findings), ['values.yaml:2:3 cluster-agent-token-too-short']);
  t.equal(result.model.releases.length, 1);
});
