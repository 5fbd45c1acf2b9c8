/**
 * kustomize `helmCharts`: valuesInline found at the kustomization's lines, valuesFile and
 * additionalValuesFiles layered as kustomize hands them to helm, the entry's version, name and
 * namespace.
 */
import t from 'tap';
import { readFileSync } from 'node:fs';
import { lintTexts } from '../src/engine/run.js';
import { readText } from '../src/adapters/registry.js';
import { treeFiles } from '../src/adapters/tree-files.js';
import { API_KEY, CLUSTER_TOKEN } from './helpers/findings.js';
import { lintTree, where, writeTree } from './helpers/wrapper-tree.js';

// Written the way kustomize's docs show helmCharts.
const kustomization = `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
namespace: datadog

resources:
  - namespace.yaml

helmCharts:
  - name: datadog
    repo: https://helm.datadoghq.com
    version: 3.123.3
    releaseName: datadog-agent
    namespace: datadog
    includeCRDs: false
    valuesInline:
      datadog:
        apiKey: ${API_KEY}
        kubelet:
          tlsVerify: false
      clusterAgent:
        enabled: true
        token: ${CLUSTER_TOKEN}
`;

t.test('helmCharts valuesInline: the same problems as unwrapped, at the kustomization lines, with its version and release name', async (t) => {
  const root = writeTree({ 'kustomization.yaml': kustomization, 'namespace.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: datadog\n' });
  const result = await lintTree(root);
  t.same(where(root, result.findings), ['kustomization.yaml:19:11 kubelet-tls-verify-disabled', 'kustomization.yaml:22:9 cluster-agent-token-too-short']);
  t.equal(result.model.releases.length, 1);
  t.equal(result.model.releases[0]!.chartVersion, '3.123.3');

  const unwrapped = `datadog:\n  apiKey: ${API_KEY}\n  kubelet:\n    tlsVerify: false\nclusterAgent:\n  enabled: true\n  token: ${CLUSTER_TOKEN}\n`;
  const plain = await lintTexts([{ file: 'values.yaml', text: unwrapped }], [], { sets: [], chartVersion: '3.123.3', release: { releaseName: 'datadog-agent', namespace: 'datadog' } });
  t.same(
    result.findings.map((f) => [f.ruleId, f.severity, f.message]),
    plain.findings.map((f) => [f.ruleId, f.severity, f.message]),
  );
});

t.test('valuesFile, valuesInline and additionalValuesFiles: inline over the file, the additional files over both; valuesMerge', async (t) => {
  const entry = (merge: string) => `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
helmCharts:
- name: datadog
  version: 3.123.3
  valuesFile: base.yaml
  additionalValuesFiles:
  - prod.yaml
  ${merge}valuesInline:
    clusterAgent:
      token: ${CLUSTER_TOKEN}
    datadog:
      site: datadoghq.eu
`;
  const files = {
    'base.yaml': `clusterAgent:\n  token: ${CLUSTER_TOKEN}ab\ndatadog:\n  site: us5.datadoghq.com\n  logLevel: debug\n`,
    'prod.yaml': 'datadog:\n  site: ap1.datadoghq.com\n  apiKeyExistingSecret: datadog-secret\n',
  };
  const override = writeTree({ 'kustomization.yaml': entry(''), ...files });
  let result = await lintTree(override, ['kustomization.yaml']);
  t.same(where(override, result.findings), ['kustomization.yaml:11:7 cluster-agent-token-too-short'], 'override (the default): inline wins over valuesFile');
  t.same(result.model.releases[0]!.user.datadog, { site: 'ap1.datadoghq.com', logLevel: 'debug', apiKeyExistingSecret: 'datadog-secret' }, 'the additional file wins over both');

  const merge = writeTree({ 'kustomization.yaml': entry('valuesMerge: merge\n  '), ...files });
  result = await lintTree(merge, ['kustomization.yaml']);
  t.same(where(merge, result.findings), [], 'merge: valuesFile wins over inline');

  const replace = writeTree({ 'kustomization.yaml': entry('valuesMerge: replace\n  '), ...files });
  result = await lintTree(replace, ['kustomization.yaml']);
  t.same(result.model.releases[0]!.user.datadog, { site: 'ap1.datadoghq.com', apiKeyExistingSecret: 'datadog-secret' }, 'replace: valuesFile is not used');
});

t.test('a valuesFile out of the tree is unread; a kustomization without the datadog chart is a document as before', async (t) => {
  const root = writeTree({
    'kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nhelmCharts:\n- name: datadog\n  valuesFile: ../values.yaml\n- name: redis\n',
    'other/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nhelmCharts:\n- name: redis\n  valuesInline:\n    auth: {}\n',
  });
  const file = `${root}/kustomization.yaml`;
  const parts = readText({ file, text: readFileSync(file, 'utf8') }, { sets: [], files: treeFiles(root) });
  t.equal(parts.releases.length, 1);
  t.same(parts.unread?.map((u) => [u.origin.line, u.origin.column, u.source, u.reason]), [[5, 3, '../values.yaml', `outside ${root}`]]);
  const other = `${root}/other/kustomization.yaml`;
  const otherParts = readText({ file: other, text: readFileSync(other, 'utf8') }, { sets: [], files: treeFiles(root) });
  t.same([otherParts.releases.length, otherParts.documents.length], [0, 1]);
});
