/**
 * Argo CD Applications and Flux HelmReleases, written the way their docs show them: each finds the
 * problems its values would show unwrapped, at the lines of the files the user wrote (the wrapper,
 * a values file it names, a ConfigMap it reads), and says which values source it could not read.
 */
import t from 'tap';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lintTexts } from '../src/engine/run.js';
import { readText, completeParts } from '../src/adapters/registry.js';
import { treeFiles } from '../src/adapters/tree-files.js';
import type { SourceText } from '../src/load/inputs.js';
import type { Finding } from '../src/model/finding.js';
import type { JsonObject } from '../src/json.js';
import { CHART_VALUES_MISSING, chartValues } from './helpers/chart-values.js';

const TOKEN_30 = 'abcdefghij0123456789ABCDEFGHIJ';
const indent = (text: string, by: number) => text.replace(/^(?=.)/gm, ' '.repeat(by));

const lint = (inputs: SourceText[]) => lintTexts(inputs, [], { sets: [] });
const where = (f: Finding) => `${f.location.file}:${f.location.line}:${f.location.column} ${f.severity} ${f.ruleId}`;
const summary = (findings: Finding[]) => findings.filter((f) => !f.suppression).map(where).sort();

const application = (helm: string, extra = '') => `apiVersion: argoproj.io/v1alpha1
kind: Application
metadata:
  name: datadog
  namespace: argocd
spec:
  project: default
  source:
    repoURL: https://helm.datadoghq.com
    chart: datadog
    targetRevision: 3.240.0
    helm:
${indent(helm, 6)}  destination:
    server: https://kubernetes.default.svc
    namespace: datadog
${extra}`;

/** An Application of the chart at charts/datadog in a Git repository (a `path:` source): its valueFiles are files of the tree. */
const gitChartApplication = (helm: string) => `apiVersion: argoproj.io/v1alpha1
kind: Application
metadata:
  name: datadog
  namespace: argocd
spec:
  source:
    repoURL: https://git.example.com/platform/charts.git
    targetRevision: main
    path: charts/datadog
    helm:
${indent(helm, 6)}  destination:
    namespace: datadog
`;

/** The same Application with a second source, a Git repository (the linted tree) with `ref: values`; its lines are the same, its helm fields 2 columns further right. */
const multiSource = (helm: string) => `apiVersion: argoproj.io/v1alpha1
kind: Application
metadata:
  name: datadog
  namespace: argocd
spec:
  project: default
  sources:
    - repoURL: https://helm.datadoghq.com
      chart: datadog
      targetRevision: 3.240.0
      helm:
${indent(helm, 8)}    - repoURL: https://git.example.com/platform/cluster-config.git
      targetRevision: main
      ref: values
  destination:
    server: https://kubernetes.default.svc
    namespace: datadog
`;

const full = chartValues('3.240.0');
t.test('an Application holding a full copy of the chart values in helm.values: the unwrapped findings, at the Application lines', full ? {} : { skip: CHART_VALUES_MISSING('3.240.0') }, async (t) => {
  if (!full) return;
  const values = full.replace(/^ {2}token: ""$/m, `  token: ${TOKEN_30}`);
  t.not(values, full, 'the copy has clusterAgent.token');
  const app = application(`releaseName: datadog\nvalues: |\n${indent(values, 2)}`);
  const wrapped = await lint([{ file: 'datadog-app.yaml', text: app }]);
  const plain = await lint([{ file: 'values.yaml', text: values }]);
  // Line L of the values is line L + 14 of the Application, 8 columns further right.
  const shifted = plain.findings.map((f) => ({ ...f, location: { ...f.location, file: 'datadog-app.yaml', line: f.location.line + 14, column: f.location.column + 8 } }));
  t.same(summary(wrapped.findings), summary(shifted), 'the same problems, shifted into the Application');
  const token = wrapped.findings.find((f) => f.ruleId === 'cluster-agent-token-too-short');
  t.ok(token, 'the 30-character token is found');
  t.equal(`${token!.location.line}:${token!.location.column}`, '1604:11', 'at clusterAgent.token in the Application');
  t.match(token!.message, /read by DaemonSet datadog\/datadog is 30 characters long/);
  t.notMatch(JSON.stringify(wrapped.findings), TOKEN_30, 'the token itself is never shown');
});

t.test('keys inside helm.values point at themselves in a literal block, at the field elsewhere', async (t) => {
  const inner = 'clusterAgent:\n  token: "abc"\ndatadog:\n  apm:\n    portEnabled: "false"\n';
  const cases: [string, string, string][] = [
    ['|', `values: |\n${indent(inner, 2)}`, '15:11 18:13'],
    ['|-', `values: |-\n${indent(inner, 2)}`, '15:11 18:13'],
    ['|2 (indentation indicator)', `values: |2\n${indent(inner, 2)}`, '15:11 18:13'],
    ['>', `values: >\n${indent(inner, 2)}`, '13:7 13:7'],
    ['a quoted string', `values: ${JSON.stringify(inner)}\n`, '13:7 13:7'],
  ];
  for (const [name, helm, expected] of cases) {
    const { findings } = await lint([{ file: 'app.yaml', text: application(helm) }]);
    const at = (id: string) => findings.filter((f) => f.ruleId === id).map((f) => `${f.location.line}:${f.location.column}`).join(',');
    // folded: lines are joined, so the folded text is a different YAML (or none): only the place is checked.
    if (name === '>') t.ok(findings.every((f) => f.location.line === 13 && f.location.column === 7), `${name}: every finding at the values key`);
    else t.equal(`${at('cluster-agent-token-too-short')} ${at('quoted-false-enables')}`, expected, name);
  }
});

t.test('a YAML error inside helm.values is reported at its line in the Application', async (t) => {
  const app = application('values: |\n  datadog:\n    apm: [\n');
  await t.rejects(lint([{ file: 'app.yaml', text: app }]), { name: 'InputError', message: /^app\.yaml:1[56]:\d+: invalid YAML/ });
});

t.test('Argo CD precedence: valueFiles < values < valuesObject (which replaces values) < parameters; forceString as --set-string', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'dd-lint-argo-'));
  writeFileSync(join(dir, 'base.yaml'), `clusterAgent:\n  token: ${'x'.repeat(40)}\ndatadog:\n  apm:\n    portEnabled: "false"\n`);
  const app = multiSource(`valueFiles:
  - $values/base.yaml
values: |
  clusterAgent:
    token: short
valuesObject:
  datadog:
    apm:
      socketEnabled: false
parameters:
  - name: clusterAgent.token
    value: ${TOKEN_30}
  - name: datadog.apm.portEnabled
    value: "false"
    forceString: true
`);
  const file = join(dir, 'app.yaml');
  writeFileSync(file, app);
  const { findings, model } = await lint([{ file, text: app, root: dir }]);
  const got = findings.map((f) => `${f.location.file === file ? 'app' : f.location.file}:${f.location.line}:${f.location.column} ${f.ruleId}: ${f.message.slice(0, 40)}`).sort();
  t.same(got, [
    'app:15:9 values-source-unread: helm.values was not read: Argo CD uses h',
    'app:23:13 cluster-agent-token-too-short: The cluster agent auth token read by Dae',
    'app:25:13 dogstatsd-hostip-unreachable: The admission controller of Deployment d',
    'app:25:13 quoted-false-enables: datadog.apm.portEnabled is the string "f',
  ], 'parameters win, at their list item; the string "false" of forceString is truthy');
  t.equal(model.releases.length, 1);
  t.equal(model.releases[0]!.user.datadog && (model.releases[0]!.user.datadog as { apm: { socketEnabled: boolean } }).apm.socketEnabled, false, 'valuesObject is read');
});

t.test('a multi-source Application reads $values/... from the second source in the same tree', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'dd-lint-argo-multi-'));
  mkdirSync(join(dir, 'apps'));
  mkdirSync(join(dir, 'clusters', 'prod'), { recursive: true });
  const valuesFile = join(dir, 'clusters', 'prod', 'datadog.yaml');
  writeFileSync(valuesFile, `datadog:\n  site: datadoghq.eu\nclusterAgent:\n  enabled: true\n  token: ${TOKEN_30}\n`);
  const app = `apiVersion: argoproj.io/v1alpha1
kind: Application
metadata:
  name: datadog-prod
  namespace: argocd
spec:
  project: default
  sources:
    - repoURL: https://helm.datadoghq.com
      chart: datadog
      targetRevision: 3.123.3
      helm:
        releaseName: datadog
        valueFiles:
          - $values/clusters/prod/datadog.yaml
          - $values/clusters/prod/missing.yaml
    - repoURL: https://git.example.com/platform/cluster-config.git
      targetRevision: main
      ref: values
  destination:
    server: https://kubernetes.default.svc
    namespace: monitoring
`;
  const file = join(dir, 'apps', 'datadog.yaml');
  writeFileSync(file, app);
  const source = { file, text: app, root: dir };
  const { findings } = await lint([source]);
  t.same(
    findings.map((f) => [f.location.file, f.location.line, f.location.column, f.ruleId, f.message.replace(/ \(".*$/, '')]).sort((a, b) => String(a[3]).localeCompare(String(b[3]))),
    [
      [valuesFile, 5, 3, 'cluster-agent-token-too-short', 'The cluster agent auth token read by DaemonSet monitoring/datadog is 30 characters long; agents require at least 32'],
      [file, 16, 13, 'values-source-unread', '$values/clusters/prod/missing.yaml was not read: not in the tree being linted (it is clusters/prod/missing.yaml in https://git.example.com/platform/cluster-config.git at main); the release is linted without the values it holds.'],
    ].sort((a, b) => String(a[3]).localeCompare(String(b[3]))),
  );
  const [release] = readText(source, { sets: [], files: treeFiles(dir) }).releases;
  t.equal(release!.chartVersion, '3.123.3', 'the chart version is targetRevision');
  t.equal(release!.name, 'datadog');
  t.equal(release!.namespace, 'monitoring');
});

const exact = (findings: Finding[]) => findings.map((f) => `${f.location.file}:${f.location.line}:${f.location.column} ${f.severity} ${f.ruleId}: ${f.message}`);
const PACKAGE_ADVICE = 'not from this repository, and dd-lint does not have that package; to keep it in Git, add the repository as a source with ref: values and name the file $values/<its path in the repository>';
const UNREAD = '; the release is linted without the values it holds.';

t.test('a chart from a Helm repository: a plain valueFiles entry is a file of the chart package, not the file of that name beside the Application', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'dd-lint-argo-package-'));
  mkdirSync(join(dir, 'apps'));
  // What Argo CD does not read: a values-prod.yaml beside the Application (it looks in the chart package).
  writeFileSync(join(dir, 'apps', 'values-prod.yaml'), `clusterAgent:\n  token: ${TOKEN_30}\n`);
  const app = application('releaseName: datadog\nvalueFiles:\n  - values.yaml\n  - values-prod.yaml\nvalues: |\n  datadog:\n    apiKeyExistingSecret: datadog-secret\n');
  const file = join(dir, 'apps', 'datadog.yaml');
  writeFileSync(file, app);
  const { findings, model } = await lint([{ file, text: app, root: dir }]);
  t.same(exact(findings), [
    `${file}:16:11 warning values-source-unread: values-prod.yaml was not read: Argo CD reads it from the datadog chart package (https://helm.datadoghq.com 3.240.0), ${PACKAGE_ADVICE}${UNREAD}`,
  ]);
  t.same(model.releases.map((r) => r.user), [{ datadog: { apiKeyExistingSecret: 'datadog-secret' } }], "the chart's own values.yaml adds nothing to its defaults; the file beside the Application is not read");
});

t.test('a chart from an OCI registry: values.yaml however written is the defaults; other entries say why they were not read', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'dd-lint-argo-oci-'));
  writeFileSync(join(dir, 'values-eu.yaml'), `clusterAgent:\n  token: ${TOKEN_30}\n`);
  const app = `apiVersion: argoproj.io/v1alpha1
kind: Application
metadata:
  name: datadog-eu
  namespace: argocd
spec:
  project: platform
  source:
    repoURL: registry.example.com/helm-mirror  # OCI: Argo CD takes no oci:// here
    chart: datadog
    targetRevision: 3.240.0
    helm:
      ignoreMissingValueFiles: true
      valueFiles:
        - ./values.yaml
        - /values.yaml
        - values-eu.yaml
        - ../values-eu.yaml
        - https://raw.example.com/platform/gitops/main/datadog/values-eu.yaml
  destination:
    server: https://kubernetes.default.svc
    namespace: datadog
`;
  const file = join(dir, 'datadog-eu.yaml');
  writeFileSync(file, app);
  const { findings, model } = await lint([{ file, text: app, root: dir }]);
  t.same(exact(findings), [
    `${file}:17:11 warning values-source-unread: values-eu.yaml was not read: Argo CD reads it from the datadog chart package (registry.example.com/helm-mirror 3.240.0), ${PACKAGE_ADVICE} (with ignoreMissingValueFiles, Argo CD silently skips it when the package has no such file)${UNREAD}`,
    `${file}:18:11 warning values-source-unread: ../values-eu.yaml was not read: a path above the chart package, which Argo CD refuses${UNREAD}`,
    `${file}:19:11 warning values-source-unread: https://raw.example.com/platform/gitops/main/datadog/values-eu.yaml was not read: a URL, which Helm fetches when Argo CD renders the chart; dd-lint reads nothing over the network${UNREAD}`,
  ]);
  t.same(model.releases.map((r) => r.user), [{}], 'nothing read: the chart defaults');
});

t.test("Argo CD's native OCI source (oci://.../datadog, path: .) is the datadog chart package, never the tree's chart at that path", async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'dd-lint-argo-oci-native-'));
  // A chart at the root of the tree, which `path: .` of an OCI source does not mean.
  writeFileSync(join(dir, 'Chart.yaml'), 'apiVersion: v2\nname: datadog\nversion: 3.123.3\n');
  const app = (repoURL: string) => `apiVersion: argoproj.io/v1alpha1
kind: Application
metadata:
  name: datadog
  namespace: argocd
spec:
  project: default
  source:
    repoURL: ${repoURL}
    targetRevision: 3.240.0
    path: .
    helm:
      valueFiles: [values.yaml, values-prod.yaml]
      valuesObject:
        clusterAgent:
          token: ${TOKEN_30}
  destination:
    namespace: datadog
`;
  const file = join(dir, 'datadog.yaml');
  writeFileSync(file, app('oci://registry.example.com/helm-mirror/datadog'));
  const { findings, model } = await lint([{ file, text: app('oci://registry.example.com/helm-mirror/datadog'), root: dir }]);
  t.same(exact(findings), [
    `${file}:13:33 warning values-source-unread: values-prod.yaml was not read: Argo CD reads it from the datadog chart package (oci://registry.example.com/helm-mirror/datadog 3.240.0), ${PACKAGE_ADVICE}${UNREAD}`,
    `${file}:16:11 error cluster-agent-token-too-short: The cluster agent auth token read by DaemonSet datadog/datadog is 30 characters long; agents require at least 32 ("cluster agent authentication token length must be greater than 32, currently: 30"), so node agents cannot authenticate to the cluster agent.`,
  ]);
  t.equal(model.releases[0]?.chartVersion, '3.240.0', 'the chart version is targetRevision, the artifact tag');
  t.same((await lint([{ file, text: app('oci://registry.example.com/helm-mirror/nginx'), root: dir }])).model.releases, [], "another chart's artifact is none of dd-lint's");
});

t.test('a multi-source Application whose ref: source is the linted tree: $values/... is read there, a plain entry is the chart package\'s', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'dd-lint-argo-ref-'));
  mkdirSync(join(dir, 'argocd'));
  mkdirSync(join(dir, 'clusters', 'prod'), { recursive: true });
  const values = join(dir, 'clusters', 'prod', 'datadog.yaml');
  writeFileSync(values, `datadog:\n  site: datadoghq.eu\n  apiKeyExistingSecret: datadog-secret\nclusterAgent:\n  token: ${TOKEN_30}\n`);
  const app = multiSource('releaseName: datadog\nvalueFiles:\n  - values.yaml\n  - $values/clusters/prod/datadog.yaml\n  - clusters/prod/datadog.yaml\n');
  const file = join(dir, 'argocd', 'datadog.yaml');
  writeFileSync(file, app);
  const { findings, model } = await lint([{ file, text: app, root: dir }]);
  t.same(exact(findings), [
    `${file}:17:13 warning values-source-unread: clusters/prod/datadog.yaml was not read: Argo CD reads it from the datadog chart package (https://helm.datadoghq.com 3.240.0), ${PACKAGE_ADVICE}${UNREAD}`,
    `${values}:5:3 error cluster-agent-token-too-short: The cluster agent auth token read by DaemonSet datadog/datadog is 30 characters long; agents require at least 32 ("cluster agent authentication token length must be greater than 32, currently: 30"), so node agents cannot authenticate to the cluster agent.`,
  ]);
  t.equal(model.releases.length, 1);
  t.equal((model.releases[0]!.user.datadog as { site: string }).site, 'datadoghq.eu', 'the $values file is read');
});

t.test('found by walking, an Application whose values are all in valueFiles is linted, not skipped as holding no Datadog values', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'dd-lint-argo-walk-files-'));
  mkdirSync(join(dir, 'apps'));
  writeFileSync(join(dir, 'apps', 'datadog.yaml'), application('valueFiles:\n  - values.yaml\n  - values-prod.yaml\n'));
  const { lintTree } = await import('./helpers/wrapper-tree.js');
  const result = await lintTree(dir);
  t.same(result.read.skipped, []);
  t.same(exact(result.findings), [
    `${join(dir, 'apps', 'datadog.yaml')}:15:11 warning values-source-unread: values-prod.yaml was not read: Argo CD reads it from the datadog chart package (https://helm.datadoghq.com 3.240.0), ${PACKAGE_ADVICE}${UNREAD}`,
  ]);
});

t.test('valueFiles refused for safety are unread sources, never read', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'dd-lint-argo-safety-'));
  mkdirSync(join(dir, 'charts', 'datadog'), { recursive: true });
  writeFileSync(join(dir, 'charts', 'datadog', 'Chart.yaml'), 'apiVersion: v2\nname: datadog\nversion: 3.240.0\n');
  // A chart of the tree (path:): its entries are files of the tree, read only inside it.
  const app = gitChartApplication;
  const file = join(dir, 'app.yaml');
  const refused = app('valueFiles:\n  - /etc/passwd\n  - ../../../outside.yaml\n  - missing.yaml\nignoreMissingValueFiles: false\n');
  writeFileSync(file, refused);
  const { findings } = await lint([{ file, text: refused, root: dir }]);
  t.same(
    findings.map((f) => `${f.location.line}:${f.location.column} ${f.message.split(';')[0]}`),
    // A `/` entry is of the repository root (the tree's root stands for it): never the machine's /etc/passwd.
    ['13:11 /etc/passwd was not read: no such file', `14:11 ../../../outside.yaml was not read: outside ${dir}`, '15:11 missing.yaml was not read: no such file'],
  );
  const skipped = app('valueFiles:\n  - missing.yaml\nignoreMissingValueFiles: true\n');
  writeFileSync(file, skipped);
  // No unread source, so the API key notice (silent while a source is unread) is the one finding.
  t.same(
    (await lint([{ file, text: skipped, root: dir }])).findings.map((f) => f.ruleId),
    ['notice-api-key-missing'],
    'ignoreMissingValueFiles: Argo CD skips a missing file, and so does dd-lint',
  );
});

const helmRelease = (apiVersion: string, extra: string) => `apiVersion: helm.toolkit.fluxcd.io/${apiVersion}
kind: HelmRelease
metadata:
  name: datadog
  namespace: flux-system
spec:
  interval: 30m
  targetNamespace: monitoring
  chart:
    spec:
      chart: datadog
      version: "3.123.3"
      sourceRef:
        kind: HelmRepository
        name: datadog
        namespace: flux-system
${extra}`;

const configMap = `apiVersion: v1
kind: ConfigMap
metadata:
  name: datadog-values
  namespace: flux-system
data:
  values.yaml: |
    datadog:
      site: datadoghq.eu
    clusterAgent:
      token: ${TOKEN_30}
    agents:
      useHostNetwork: "false"
`;

t.test('a Flux HelmRelease with valuesFrom a ConfigMap in another file: its findings at the ConfigMap lines, spec.values on top', async (t) => {
  const release = helmRelease(
    'v2',
    `  valuesFrom:
    - kind: ConfigMap
      name: datadog-values
    - kind: Secret
      name: datadog-extra-values
      optional: true
  values:
    agents:
      useHostNetwork: false
`,
  );
  const inputs = [
    { file: 'clusters/prod/datadog-release.yaml', text: release },
    { file: 'clusters/prod/datadog-values.yaml', text: configMap },
  ];
  const { findings, model } = await lint(inputs);
  t.same(
    findings.map((f) => `${f.location.file}:${f.location.line}:${f.location.column} ${f.ruleId}: ${f.message.split(/;|\(/)[0]}`),
    [
      'clusters/prod/datadog-release.yaml:21:7 values-source-unread: Secret flux-system/datadog-extra-values was not read: not among the inputs ',
      'clusters/prod/datadog-values.yaml:11:7 cluster-agent-token-too-short: The cluster agent auth token read by DaemonSet monitoring/monitoring-datadog is 30 characters long',
    ],
    'spec.values turns off the quoted "false"; the token is in the ConfigMap; the optional Secret is unread',
  );
  t.equal(model.releases.length, 1);
  const [read] = completeParts(inputs.map((s) => readText(s, { sets: [] }))).flatMap((p) => p.releases);
  t.equal(read!.chartVersion, '3.123.3', 'the chart version is spec.chart.spec.version');
  t.equal(read!.name, 'monitoring-datadog', '<targetNamespace>-<name>');
  t.equal(read!.namespace, 'monitoring');
});

t.test('a HelmRelease whose ConfigMap is not among the inputs is still linted, with a warning at the valuesFrom entry', async (t) => {
  const release = helmRelease('v2beta2', `  valuesFrom:\n    - kind: ConfigMap\n      name: datadog-values\n  values:\n    clusterAgent:\n      token: ${TOKEN_30}\n`);
  const { findings } = await lint([{ file: 'hr.yaml', text: release }]);
  t.same(
    findings.map((f) => `${f.location.line}:${f.location.column} ${f.ruleId}`),
    ['19:7 values-source-unread', '22:7 cluster-agent-token-too-short'],
  );
  t.match(findings[0]!.message, 'ConfigMap flux-system/datadog-values was not read: not among the inputs;');
});

t.test('a HelmRelease of another chart, and an Application of another chart, are plain objects', async (t) => {
  const other = helmRelease('v2', '').replace('chart: datadog', 'chart: podinfo');
  const otherApp = application('values: |\n  clusterAgent:\n    token: short\n').replace('chart: datadog', 'chart: grafana');
  const { findings, model } = await lint([
    { file: 'hr.yaml', text: other },
    { file: 'app.yaml', text: otherApp },
  ]);
  t.same(findings, []);
  t.same(model.releases, []);
});

t.test('Flux release names: releaseName, <targetNamespace>-<name>, shortened over 53 characters from v2beta2 on', async (t) => {
  const { releaseName } = await import('../src/adapters/flux-helm-release.js');
  const hr = (apiVersion: string, spec: JsonObject, name = 'datadog'): JsonObject => ({ apiVersion: `helm.toolkit.fluxcd.io/${apiVersion}`, metadata: { name }, spec });
  t.equal(releaseName(hr('v2', { releaseName: 'dd' })), 'dd');
  t.equal(releaseName(hr('v2', {})), 'datadog');
  t.equal(releaseName(hr('v2', { targetNamespace: 'monitoring' })), 'monitoring-datadog');
  const long = 'a-very-long-target-namespace-for-monitoring-agents';
  // helm-controller's ShortenName: the first 40 characters, '-', 12 hex digits of the SHA-256 of the whole name.
  t.equal(releaseName(hr('v2', { targetNamespace: long })), 'a-very-long-target-namespace-for-monitor-51ff54a2d8a3');
  t.equal(releaseName(hr('v2beta1', { targetNamespace: long })), `${long}-datadog`, 'v2beta1 does not shorten');
});

t.test('valuesFrom a Secret: base64 values and a targetPath value, found at the Secret key; a refused targetPath never shows the value', async (t) => {
  const secret = (name: string, key: string, value: string) =>
    `apiVersion: v1\nkind: Secret\nmetadata:\n  name: ${name}\n  namespace: flux-system\ntype: Opaque\ndata:\n  ${key}: ${Buffer.from(value).toString('base64')}\n`;
  const keyInSecret = '  values:\n    datadog:\n      apiKeyExistingSecret: datadog-secret\n';
  const release = helmRelease('v2', `  valuesFrom:\n    - kind: Secret\n      name: dd-token\n      valuesKey: token\n      targetPath: clusterAgent.token\n${keyInSecret}`);
  const { findings } = await lint([
    { file: 'hr.yaml', text: release },
    { file: 'secret.yaml', text: secret('dd-token', 'token', TOKEN_30) },
  ]);
  t.same(findings.map((f) => `${f.location.file}:${f.location.line}:${f.location.column} ${f.ruleId}`), ['secret.yaml:8:3 cluster-agent-token-too-short']);
  const whole = helmRelease('v2', `  valuesFrom:\n    - kind: Secret\n      name: dd-values\n${keyInSecret}`);
  const both = await lint([
    { file: 'hr.yaml', text: whole },
    { file: 'secret.yaml', text: secret('dd-values', 'values.yaml', `clusterAgent:\n  token: ${TOKEN_30}\n`) },
  ]);
  t.same(both.findings.map((f) => `${f.location.file}:${f.location.line}:${f.location.column} ${f.ruleId}`), ['secret.yaml:8:3 cluster-agent-token-too-short'], 'decoded values point at their key');
  const bad = helmRelease('v2', `  valuesFrom:\n    - kind: Secret\n      name: dd-token\n      valuesKey: token\n      targetPath: "clusterAgent.token["\n`);
  await t.rejects(lint([{ file: 'hr.yaml', text: bad }, { file: 'secret.yaml', text: secret('dd-token', 'token', 'hunter2,secret=value') }]), {
    name: 'InputError',
    message: 'hr.yaml:19:7: valuesFrom targetPath "clusterAgent.token[": Helm\'s --set parser refuses the value of Secret flux-system/dd-token key token (20 characters; a targetPath takes one flat value)',
  });
});

t.test('the API key notice: silent when an unread valuesFrom Secret sets datadog.apiKey (targetPath), said when nothing sets it', async (t) => {
  const keyFrom = (targetPath: string) => helmRelease('v2', `  valuesFrom:\n    - kind: Secret\n      name: datadog-keys\n      valuesKey: api-key\n      targetPath: ${targetPath}\n  values:\n    datadog:\n      clusterName: prod\n`);
  const fromSecret = await lint([{ file: 'hr.yaml', text: keyFrom('datadog.apiKey') }]);
  t.same(summary(fromSecret.findings), ['hr.yaml:19:7 warning values-source-unread'], 'the key may be in the unread Secret');
  const elsewhere = await lint([{ file: 'hr.yaml', text: keyFrom('datadog.site') }]);
  t.same(summary(elsewhere.findings), ['hr.yaml:19:7 warning values-source-unread', 'hr.yaml:23:5 info notice-api-key-missing'], 'a Secret that sets another key');
});

t.test('a source with path: to a chart of the tree: valueFiles are read in the chart directory, as Argo CD runs helm there', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'dd-lint-argo-path-'));
  for (const chart of ['monitoring', 'datadog', 'web']) mkdirSync(join(dir, 'charts', chart), { recursive: true });
  // An umbrella chart: its values.yaml, then the Application's valueFiles (in the chart directory) and values.
  writeFileSync(join(dir, 'charts', 'monitoring', 'Chart.yaml'), 'apiVersion: v2\nname: monitoring\nversion: 1.0.0\ndependencies:\n  - name: datadog\n    alias: dd\n    version: 3.240.0\n    repository: https://helm.datadoghq.com\n');
  writeFileSync(join(dir, 'charts', 'monitoring', 'values.yaml'), 'dd:\n  clusterAgent:\n    enabled: true\n  datadog:\n    apiKeyExistingSecret: datadog-secret\n');
  writeFileSync(join(dir, 'charts', 'monitoring', 'values-prod.yaml'), `dd:\n  clusterAgent:\n    token: ${TOKEN_30}\n`);
  // A copy of the datadog chart itself kept in the repository.
  writeFileSync(join(dir, 'charts', 'datadog', 'Chart.yaml'), 'apiVersion: v2\nname: datadog\nversion: 3.123.3\n');
  writeFileSync(join(dir, 'charts', 'datadog', 'values-prod.yaml'), `clusterAgent:\n  token: ${TOKEN_30}\ndatadog:\n  apiKeyExistingSecret: datadog-secret\n`);
  writeFileSync(join(dir, 'charts', 'web', 'Chart.yaml'), 'apiVersion: v2\nname: web\nversion: 1.0.0\n');
  // A values-prod.yaml beside the Application is not the one Argo CD reads.
  writeFileSync(join(dir, 'values-prod.yaml'), 'clusterAgent:\n  token: short\n');
  const app = (path: string) => `apiVersion: argoproj.io/v1alpha1
kind: Application
metadata:
  name: monitoring
  namespace: argocd
spec:
  source:
    repoURL: https://git.example.com/platform/charts.git
    targetRevision: main
    path: ${path}
    helm:
      valueFiles:
        - values-prod.yaml
  destination:
    namespace: monitoring
`;
  const file = join(dir, 'app.yaml');
  writeFileSync(file, app('charts/monitoring'));
  const umbrella = await lint([{ file, text: app('charts/monitoring'), root: dir }]);
  t.same(summary(umbrella.findings), [`${join(dir, 'charts/monitoring/values-prod.yaml')}:3:5 error cluster-agent-token-too-short`]);
  t.same(umbrella.model.releases.length, 1);
  const vendored = await lint([{ file, text: app('charts/datadog'), root: dir }]);
  t.same(summary(vendored.findings), [`${join(dir, 'charts/datadog/values-prod.yaml')}:2:3 error cluster-agent-token-too-short`]);
  t.equal(vendored.model.releases[0]?.chartVersion, '3.123.3', "the chart version is the Chart.yaml's, not targetRevision (a Git revision)");
  t.same((await lint([{ file, text: app('charts/web'), root: dir }])).findings, [], 'another chart is none of dd-lint\'s');
});

t.test('valueFiles rooted at the repository and glob patterns, expanded as Argo CD expands them', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'dd-lint-argo-globs-'));
  for (const sub of ['charts/datadog', 'envs/nested', 'charts/datadog/overrides']) mkdirSync(join(dir, sub), { recursive: true });
  writeFileSync(join(dir, 'charts/datadog/Chart.yaml'), 'apiVersion: v2\nname: datadog\nversion: 3.240.0\n');
  writeFileSync(join(dir, 'envs/base.yaml'), 'datadog:\n  apiKeyExistingSecret: datadog-secret\nclusterAgent:\n  enabled: true\n');
  // nested/c.yaml comes after the envs/ files (doublestar lists a directory's files first) and sets a short token; prod.yaml, listed explicitly last, fixes it.
  writeFileSync(join(dir, 'envs/nested/c.yaml'), `clusterAgent:\n  token: ${TOKEN_30}\n`);
  writeFileSync(join(dir, 'envs/prod.yaml'), `clusterAgent:\n  token: ${TOKEN_30}AB\n`);
  writeFileSync(join(dir, 'envs/zz.yaml'), `clusterAgent:\n  token: ${TOKEN_30}\n`);
  writeFileSync(join(dir, 'charts/datadog/overrides/b.yaml'), 'datadog:\n  site: datadoghq.eu\n');
  writeFileSync(join(dir, 'charts/datadog/overrides/a.yaml'), 'datadog:\n  site: us3.datadoghq.com\n');
  const app = gitChartApplication;
  const file = join(dir, 'app.yaml');
  const run = async (helm: string) => {
    writeFileSync(file, app(helm));
    return lint([{ file, text: app(helm), root: dir }]);
  };
  const layered = await run('valueFiles:\n  - /envs/**/*.yaml\n  - overrides/*.yaml\n  - /envs/prod.yaml\n');
  t.same(
    layered.model.releases[0]!.files.map((f) => f.slice(dir.length + 1)),
    ['envs/base.yaml', 'envs/zz.yaml', 'envs/nested/c.yaml', 'charts/datadog/overrides/a.yaml', 'charts/datadog/overrides/b.yaml', 'envs/prod.yaml'],
    'in place, each pattern in doublestar order; envs/prod.yaml only where it is named',
  );
  t.same(summary(layered.findings), [], 'the explicit prod.yaml, passed last, sets the token');
  t.equal(layered.model.releases[0]!.values.datadog && (layered.model.releases[0]!.values.datadog as JsonObject).site, 'datadoghq.eu', 'b.yaml after a.yaml');
  const short = await run('valueFiles:\n  - /envs/*.yaml\n');
  t.same(summary(short.findings), [`${join(dir, 'envs/zz.yaml')}:2:3 error cluster-agent-token-too-short`], 'zz.yaml sorts after prod.yaml');
  const none = await run('valueFiles:\n  - /envs/*.json\n  - ../../../*.yaml\n');
  t.same(
    none.findings.filter((f) => f.ruleId === 'values-source-unread').map((f) => `${f.location.line}:${f.location.column} ${f.message.split(';')[0]}`),
    ['13:11 /envs/*.json was not read: the pattern matches no file in the tree being linted', `14:11 ../../../*.yaml was not read: outside ${dir}`],
  );
  t.same(summary((await run('valueFiles:\n  - /envs/*.json\n  - /envs/base.yaml\nignoreMissingValueFiles: true\n')).findings), [], 'ignoreMissingValueFiles: a pattern that matches nothing is skipped');
  const refApp = multiSource('valueFiles:\n  - $values/envs/*.yaml\n');
  writeFileSync(file, refApp);
  const ref = await lint([{ file, text: refApp, root: dir }]);
  t.same(ref.model.releases[0]!.files.map((f) => f.slice(dir.length + 1)), ['envs/base.yaml', 'envs/prod.yaml', 'envs/zz.yaml'], 'a pattern in the repository of the ref: source');
});

t.test('an umbrella chart an Application deploys, found by walking too, is linted once, as the Application deploys it', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'dd-lint-argo-walk-'));
  mkdirSync(join(dir, 'charts', 'monitoring'), { recursive: true });
  writeFileSync(join(dir, 'charts', 'monitoring', 'Chart.yaml'), 'apiVersion: v2\nname: monitoring\nversion: 1.0.0\ndependencies:\n  - name: datadog\n    version: 3.240.0\n    repository: https://helm.datadoghq.com\n');
  writeFileSync(join(dir, 'charts', 'monitoring', 'values.yaml'), `datadog:\n  clusterAgent:\n    token: ${TOKEN_30}\n  datadog:\n    apiKeyExistingSecret: datadog-secret\n`);
  writeFileSync(join(dir, 'app.yaml'), `apiVersion: argoproj.io/v1alpha1
kind: Application
metadata:
  name: monitoring
  namespace: argocd
spec:
  source:
    repoURL: https://git.example.com/platform/charts.git
    targetRevision: main
    path: charts/monitoring
    helm:
      releaseName: dd
  destination:
    namespace: monitoring
`);
  const { lintTree } = await import('./helpers/wrapper-tree.js');
  const result = await lintTree(dir);
  t.same(summary(result.findings), [`${join(dir, 'charts/monitoring/values.yaml')}:3:5 error cluster-agent-token-too-short`], 'once, not once more for the Chart.yaml alone');
  t.equal(result.model.releases.length, 1);
});

t.test('a dd-lint-disable comment inside helm.values suppresses the finding on the next line of the Application', async (t) => {
  const app = application(`values: |\n  clusterAgent:\n    # dd-lint-disable-next-line cluster-agent-token-too-short -- rotated next sprint\n    token: ${TOKEN_30}\n  datadog:\n    apiKeyExistingSecret: datadog-secret\n`);
  const { findings } = await lint([{ file: 'app.yaml', text: app }]);
  t.same(
    findings.map((f) => `${f.location.line}:${f.location.column} ${f.ruleId} ${f.suppression ? 'suppressed' : 'reported'}`),
    ['16:11 cluster-agent-token-too-short suppressed'],
  );
});

t.test('bad YAML inside helm.values whose line ends with a lone CR is one line of error (found by npm run fuzz)', async (t) => {
  const app = application('values: >\n  >-\n  agentdataPlane\r  \n');
  await t.rejects(lint([{ file: 'app.yaml', text: app }]), { name: 'InputError', message: 'app.yaml:13:7: invalid YAML: Not a YAML token: agentdataPlane' });
});
