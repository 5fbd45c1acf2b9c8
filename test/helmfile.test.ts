/**
 * helmfile.yaml as an input: the datadog release's values files, inline maps and `set` entries,
 * found where they are written, with the release's chart version; templated helmfiles refused in
 * one line; values files out of the tree never read.
 */
import t from 'tap';
import { readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { lintTexts } from '../src/engine/run.js';
import { readText } from '../src/adapters/registry.js';
import { treeFiles } from '../src/adapters/tree-files.js';
import { InputError } from '../src/load/input-error.js';
import { API_KEY, CLUSTER_TOKEN } from './helpers/findings.js';
import { lintTree, where, writeTree } from './helpers/wrapper-tree.js';

const datadogValues = `clusterAgent:
  enabled: true
  token: ${CLUSTER_TOKEN}
`;

// Written the way helmfile's docs show a helmfile: repositories, then releases.
const helmfile = `repositories:
  - name: datadog
    url: https://helm.datadoghq.com
  - name: bitnami
    url: https://charts.bitnami.com/bitnami

releases:
  - name: redis
    namespace: cache
    chart: bitnami/redis
    version: 18.1.0
    values:
      - redis.yaml
  - name: datadog-agent
    namespace: datadog
    chart: datadog/datadog
    version: 3.69.3
    values:
      - values/datadog.yaml
      - datadog:
          apiKey: ${API_KEY}
          site: datadoghq.eu
    set:
      - name: datadog.kubelet.tlsVerify
        value: false
`;

t.test('a helmfile with two releases: the datadog one, at the lines of its values file and set entry', async (t) => {
  const root = writeTree({ 'helmfile.yaml': helmfile, 'values/datadog.yaml': datadogValues, 'redis.yaml': 'auth:\n  password: ""\n' });
  const result = await lintTree(root, ['helmfile.yaml']);
  t.same(where(root, result.findings), ['helmfile.yaml:24:9 kubelet-tls-verify-disabled', 'values/datadog.yaml:3:3 cluster-agent-token-too-short']);
  t.equal(result.model.releases.length, 1, 'the redis release is not read');
  t.equal(result.model.releases[0]!.chartVersion, '3.69.3', 'the chart version of the release');
  t.equal(result.model.releases[0]!.user.datadog && (result.model.releases[0]!.user.datadog as { site?: string }).site, 'datadoghq.eu', 'the inline map is read');

  // The same problems as the values unwrapped, with --set.
  const plain = await lintTexts([{ file: 'plain.yaml', text: `${datadogValues}datadog:\n  apiKey: ${API_KEY}\n  site: datadoghq.eu\n` }], [], {
    sets: [{ expr: 'datadog.kubelet.tlsVerify=false', asString: false }],
    chartVersion: '3.69.3',
    release: { releaseName: 'datadog-agent', namespace: 'datadog' },
  });
  t.same(
    result.findings.map((f) => [f.ruleId, f.severity, f.message]),
    plain.findings.map((f) => [f.ruleId, f.severity, f.message]),
  );
});

t.test('a directory walk reads the values file through the helmfile only', async (t) => {
  const root = writeTree({ 'helmfile.yaml': helmfile, 'values/datadog.yaml': datadogValues });
  const result = await lintTree(root);
  t.same(where(root, result.findings), ['helmfile.yaml:24:9 kubelet-tls-verify-disabled', 'values/datadog.yaml:3:3 cluster-agent-token-too-short']);
  t.equal(result.model.releases.length, 1, 'values/datadog.yaml is no release of its own');
});

t.test('set wins over values whatever their order; a version range resolves to the highest bundled version it accepts', async (t) => {
  const root = writeTree({
    'helmfile.yaml': `releases:
- name: dd
  chart: datadog
  version: "~3.69.0"
  set:
  - name: clusterAgent.token
    value: ${CLUSTER_TOKEN}xy
  - name: datadog.apiKeyExistingSecret
    value: datadog-secret
  values:
  - values.yaml
`,
    'values.yaml': datadogValues,
  });
  const result = await lintTree(root, ['helmfile.yaml']);
  t.same(where(root, result.findings), [], 'the 32-character token of set replaces the 30-character one');
  t.match(result.model.releases[0]!.chartVersion, /^3\.69\.\d+$/);
});

t.test('set entries: values lists, escaped commas, --set-file unread, a bad name is an error at its entry', async (t) => {
  const files = treeFiles(writeTree({}));
  const parts = readText(
    {
      file: 'helmfile.yaml',
      text: `releases:
- chart: datadog/datadog
  set:
  - name: datadog.tags
    values: [env:prod, team:a]
  - name: datadog.site
    value: a,b
  - name: clusterAgent.token
    file: token.txt
`,
    },
    { sets: [], files },
  );
  t.same(
    parts.releases[0]!.sets.map((s) => [s.expr, s.origin?.line, s.origin?.column]),
    [
      ['datadog.tags={env:prod,team:a}', 4, 5],
      ['datadog.site=a\\,b', 6, 5],
    ],
  );
  t.same(parts.unread, [{ origin: { file: 'helmfile.yaml', line: 8, column: 5 }, source: 'set[2]', reason: 'a --set-file value is not read' }]);
  t.throws(() => readText({ file: 'helmfile.yaml', text: 'releases:\n- chart: datadog\n  set:\n  - name: "a[-1]"\n    value: x\n' }, { sets: [] }), {
    name: 'InputError',
    message: /^helmfile\.yaml:4:5: set entry: --set a\[-1\]=…: /,
  });
});

t.test('a templated helmfile is refused in one line naming file:line', async (t) => {
  const templated = `environments:\n  default: {}\n---\nreleases:\n- name: datadog\n  chart: datadog/datadog\n  values:\n  - {{ .Environment.Name }}.yaml\n`;
  const message = 'templated helmfile: render it with `helmfile template` or `helmfile write-values` and lint the result';
  t.throws(() => readText({ file: 'helmfile.yaml', text: templated }, { sets: [] }), new InputError(`helmfile.yaml:8:5: ${message}`));
  t.throws(() => readText({ file: 'helmfile.yaml.gotmpl', text: 'releases: []\n' }, { sets: [] }), new InputError(`helmfile.yaml.gotmpl:1:1: ${message}`));
  t.doesNotThrow(() => readText({ file: 'helmfile.yaml', text: '# {{ not an action in a comment }}\nreleases: []\n' }, { sets: [] }));
});

t.test('a set value holding {{ makes a templated helmfile, refused before a hostile values file it names is read (found by npm run fuzz)', async (t) => {
  const bomb = ['l0: &l0 [x, x, x, x, x, x, x, x, x, x]', ...[1, 2, 3, 4, 5].map((i) => `l${i}: &l${i} [${Array(10).fill(`*l${i - 1}`).join(', ')}]`)].join('\n');
  const root = writeTree({
    'helmfile.yaml': 'releases:\n  - name: datadog\n    chart: datadog/datadog\n    version: 3.123.3\n    values:\n      - values.yaml\n    set:\n      - name: "serviceMonitoring"\n        value: "\\"6{{,k(T"\n',
    'values.yaml': `${bomb}\n`,
  });
  const message = 'templated helmfile: render it with `helmfile template` or `helmfile write-values` and lint the result';
  await t.rejects(lintTree(root, ['helmfile.yaml']), new InputError(`${join(root, 'helmfile.yaml')}:9:20: ${message}`));
  await t.rejects(lintTree(root, ['values.yaml']), { name: 'InputError', message: /alias/ }, 'the values file alone is refused by the alias limit');
});

t.test('bases: a plain base is read, a templated one is unread; --- parts are read each', async (t) => {
  const root = writeTree({
    'helmfile.yaml': `bases:
  - common.yaml
  - templated.yaml.gotmpl
---
releases:
  - name: other
    chart: datadog/datadog
`,
    'common.yaml': `releases:\n  - name: from-base\n    chart: datadog/datadog\n    values:\n      - values/datadog.yaml\n`,
    'templated.yaml.gotmpl': 'releases: {{ .Values.releases }}\n',
    'values/datadog.yaml': datadogValues,
  });
  const parts = readText({ file: join(root, 'helmfile.yaml'), text: readFileSync(join(root, 'helmfile.yaml'), 'utf8') }, { sets: [], files: treeFiles(root) });
  t.same(
    parts.releases.map((r) => [r.name, r.values.length]),
    [
      ['from-base', 1],
      ['other', 0],
    ],
  );
  t.same(parts.unread?.map((u) => [u.source, u.origin.line, u.reason]), [['templated.yaml.gotmpl', 3, 'templated: helmfile renders it']]);
});

t.test('path safety: values out of the tree, absolute, or linked out are unread, never read', async (t) => {
  const outside = writeTree({ 'secret.yaml': `clusterAgent:\n  token: ${CLUSTER_TOKEN}\n` });
  const root = writeTree({
    'deploy/helmfile.yaml': `releases:
  - name: datadog
    chart: datadog/datadog
    values:
      - ../../etc/passwd
      - ${join(outside, 'secret.yaml')}
      - linked.yaml
      - missing.yaml
      - env.yaml.gotmpl
    secrets:
      - secrets.yaml
`,
  });
  symlinkSync(join(outside, 'secret.yaml'), join(root, 'deploy', 'linked.yaml'));
  writeFileSync(join(root, 'deploy', 'env.yaml.gotmpl'), `clusterAgent:\n  token: ${CLUSTER_TOKEN}\n`);
  const file = join(root, 'deploy', 'helmfile.yaml');
  const parts = readText({ file, text: readFileSync(file, 'utf8') }, { sets: [], files: treeFiles(root) });
  t.same(parts.releases[0]!.values, [], 'nothing was read');
  t.same(
    parts.unread?.map((u) => [u.origin.line, u.origin.column, u.source, u.reason]),
    [
      [5, 9, '../../etc/passwd', `outside ${root}`],
      [6, 9, join(outside, 'secret.yaml'), 'an absolute path'],
      [7, 9, 'linked.yaml', 'a symbolic link out of the tree'],
      [8, 9, 'missing.yaml', 'no such file'],
      [9, 9, 'env.yaml.gotmpl', 'a template (.gotmpl) only its tool renders'],
      [11, 9, 'secrets.yaml', 'encrypted secrets (helm-secrets): decrypt them to lint them'],
    ],
  );
  const result = await lintTree(root, ['deploy/helmfile.yaml']);
  t.same(
    where(root, result.findings).filter((w) => !w.endsWith(' values-source-unread')),
    [],
    'the token outside the tree is never linted',
  );
  t.equal(result.findings.filter((f) => f.ruleId === 'values-source-unread').length, 6, 'each unread source is a values-source-unread warning at its line');
});

t.test('without a tree (the webhook), named files are unread', async (t) => {
  const parts = readText({ file: 'helmfile.yaml', text: 'releases:\n- chart: datadog/datadog\n  values:\n  - values.yaml\n' }, { sets: [] });
  t.same(parts.unread, [{ origin: { file: 'helmfile.yaml', line: 4, column: 5 }, source: 'values.yaml', reason: 'files named by an input are not read here' }]);
});
