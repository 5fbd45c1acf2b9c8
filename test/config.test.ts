/** .dd-lint.yaml, custom policies and the CI-facing flags, as a user meets them on the command line. */
import t from 'tap';
import { writeTree } from './helpers/tree.js';
import { join } from 'node:path';
import { API_KEY_SET, NO_PROBLEMS, ddLint, REPO_ROOT } from './helpers/cli.js';

const otel = 'datadog:\n  otelCollector:\n    enabled: true\nagents:\n  useHostNetwork: true\n';
const nodePort = (port: number) => `apiVersion: v1\nkind: Service\nmetadata:\n  name: metrics\nspec:\n  type: NodePort\n  ports:\n    - port: 9100\n      nodePort: ${port}\n`;


t.test('a config file turns a policy off, changes a severity and sets an option', async (t) => {
  const off = writeTree({ '.dd-lint.yaml': 'policies:\n  otel-hostnetwork-port-conflict: off\n', 'values.yaml': otel });
  t.match(ddLint(['values.yaml', ...API_KEY_SET], { cwd: off }).stdout, NO_PROBLEMS, 'off');

  const severity = writeTree({ '.dd-lint.yaml': 'policies:\n  otel-hostnetwork-port-conflict: error\n', 'values.yaml': otel });
  const r = ddLint(['values.yaml'], { cwd: severity });
  t.equal(r.code, 1, 'a warning made an error fails the run');
  t.match(r.stdout, /5:3  error  .*otel-hostnetwork-port-conflict/);

  const nested = writeTree({ 'deploy/.keep': '', '.dd-lint.yaml': 'policies:\n  nodeport-host-port-conflict:\n    options:\n      reservedPorts: [9100]\n', 'deploy/svc.yaml': nodePort(9100) });
  const option = ddLint(['svc.yaml'], { cwd: join(nested, 'deploy') });
  t.equal(option.code, 1, 'found upward from the working directory');
  t.match(option.stdout, /NodePort of Service default\/metrics is 9100\/TCP, which a node daemon \(reservedPorts in the dd-lint config\)/);
  t.equal(ddLint(['--no-config', 'svc.yaml'], { cwd: join(nested, 'deploy') }).code, 0, '--no-config ignores it');
});

t.test('a wrong key in the config: exit 2 with its file and line', async (t) => {
  const typo = writeTree({ '.dd-lint.yaml': 'release:\n  name: datadog\npolices:\n  skip-ssl-validation-enabled: off\n', 'values.yaml': otel });
  const r = ddLint(['values.yaml'], { cwd: typo });
  t.equal(r.code, 2);
  t.equal(r.stderr, `dd-lint: ${join(typo, '.dd-lint.yaml')}:3:1: unknown key "polices" in the dd-lint config\n`);

  const unknownPolicy = writeTree({ 'custom.yaml': 'policies:\n  otel-hostnetwork-port-conflict: warning\n  no-such-policy: off\n', 'values.yaml': otel });
  const u = ddLint(['--config', 'custom.yaml', 'values.yaml'], { cwd: unknownPolicy });
  t.equal(u.code, 2);
  t.equal(u.stderr, 'dd-lint: custom.yaml:3:3: unknown policy "no-such-policy" in the dd-lint config\n');

  const badValue = writeTree({ '.dd-lint.yaml': 'webhook:\n  mode: block\n', 'values.yaml': otel });
  const b = ddLint(['values.yaml'], { cwd: badValue });
  t.equal(b.code, 2);
  t.match(b.stderr, /\.dd-lint\.yaml:2:3: webhook\.mode: must be equal to one of the allowed values \(one of enforce, warn, audit\)/);
});

t.test('--print-config shows the effective configuration', async (t) => {
  const dir = writeTree({ '.dd-lint.yaml': 'chartVersion: 3.123.3\npolicies:\n  pod-port-clash: off\n  duplicate-key: { severity: error }\n' });
  const r = ddLint(['--print-config', '--namespace', 'monitoring'], { cwd: dir });
  t.equal(r.code, 0);
  const config = JSON.parse(r.stdout);
  t.equal(config.configFile, join(dir, '.dd-lint.yaml'));
  t.equal(config.chartVersion, '3.123.3');
  t.same(config.release, { name: 'datadog', namespace: 'monitoring' }, 'flags win over the file');
  t.same(config.policies['pod-port-clash'], { enabled: false });
  t.same(config.policies['duplicate-key'], { enabled: true, severity: 'error', options: {} });
  t.same(config.policies['otel-hostnetwork-port-conflict'], { enabled: true, severity: 'warning', options: {} });
});

t.test('--severity and --max-warnings', async (t) => {
  const dir = writeTree({ 'values.yaml': otel });
  t.match(ddLint(['--severity', 'error', 'values.yaml'], { cwd: dir }).stdout, NO_PROBLEMS, 'warnings below the threshold are not reported');
  t.equal(ddLint(['values.yaml'], { cwd: dir }).code, 0, 'warnings do not fail by default');
  t.equal(ddLint(['--max-warnings', '0', 'values.yaml'], { cwd: dir }).code, 1, 'more warnings than allowed');
  t.equal(ddLint(['--max-warnings', '1', 'values.yaml'], { cwd: dir }).code, 0);
  t.match(ddLint(['--max-warnings', 'x', 'values.yaml'], { cwd: dir }).stderr, /--max-warnings x: not a whole number/);
});

t.test('--report-unused-disable and suppression reasons in SARIF', async (t) => {
  const dir = writeTree({
    'values.yaml': `${otel.replace('  useHostNetwork: true', '  # dd-lint-disable-next-line otel-hostnetwork-port-conflict -- ports checked on every node\n  useHostNetwork: true')}  # dd-lint-disable-next-line duplicate-key\n  enabled: true\n`,
  });
  const plain = ddLint(['values.yaml', ...API_KEY_SET], { cwd: dir });
  t.match(plain.stdout, NO_PROBLEMS, 'suppressed, and the unused comment is not reported by default');
  const unused = ddLint(['--report-unused-disable', 'values.yaml'], { cwd: dir });
  t.match(unused.stdout, /7:1  warning  This dd-lint-disable-next-line comment for duplicate-key suppresses nothing.*unused-suppression/);
  const sarif = JSON.parse(ddLint(['--format', 'sarif', 'values.yaml'], { cwd: dir }).stdout);
  const result = sarif.runs[0].results.find((r: { ruleId: string }) => r.ruleId === 'otel-hostnetwork-port-conflict');
  t.same(result.suppressions, [{ kind: 'inSource', justification: 'ports checked on every node' }], 'kept in SARIF as a dismissed result');
});

t.test('custom JSON-Schema policies', async (t) => {
  const examples = join(REPO_ROOT, 'policies', 'examples');
  const dir = writeTree({ 'ds.yaml': 'apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: datadog\n  namespace: datadog\nspec:\n  template:\n    spec:\n      containers:\n        - name: agent\n          image: gcr.io/datadoghq/agent:latest\n' });
  const r = ddLint(['--policies', examples, 'ds.yaml'], { cwd: dir });
  t.match(r.stdout, /ds\.yaml\n  10:11  warning  DaemonSet datadog\/datadog container agent runs a floating Datadog agent image tag  agent-image-pinned/);
  const viaConfig = writeTree({ '.dd-lint.yaml': `customPolicies:\n  - ${examples}\n`, 'values.yaml': 'datadog:\n  apiKeyExistingSecret: s\n' });
  const v = ddLint(['values.yaml'], { cwd: viaConfig });
  t.equal(v.code, 1);
  t.match(v.stdout, /1:1  error  .*org-apm-port-required/);

  // The object target sees every manifest object as written, in every file of a walked directory.
  const unlabelled = 'id: org-team-label\ntitle: Objects name their team\nseverity: warning\ncategory: correctness\nsummary: s\nmessage: "{kind} {namespace}/{name} names no team"\nwhy: w\nfix: f\ntarget: object\nmatch:\n  properties:\n    metadata:\n      not: { required: [labels] }\nexamples: { fail: [{description: d}], pass: [{description: d}] }\n';
  const objects = writeTree({
    'policies/team.yaml': unlabelled,
    'apps/a.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  labels: { team: x }\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\n',
    'apps/c.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: c\n',
  });
  const o = ddLint(['--policies', 'policies', 'apps'], { cwd: objects });
  t.equal(o.code, 0);
  t.match(o.stdout, /apps\/a\.yaml\n  10:3  warning  ConfigMap default\/b names no team  org-team-label/);
  t.match(o.stdout, /apps\/c\.yaml\n  4:3  warning  Namespace default\/c names no team  org-team-label/);
  t.match(o.stdout, /2 problems/);

  const broken = writeTree({ 'policies/bad.yaml': 'id: Bad Id\ntitle: x\n', 'v.yaml': '{}\n' });
  const b = ddLint(['--policies', 'policies', 'v.yaml'], { cwd: broken });
  t.equal(b.code, 2);
  t.match(b.stderr, /^dd-lint: .*policies\/bad\.yaml: invalid policy: /);
  t.equal(b.stderr.trim().split('\n').length, 1);

  const badSchema = writeTree({ 'policies/bad.yaml': 'id: bad-schema\ntitle: x\nseverity: error\ncategory: correctness\nsummary: s\nwhy: w\nfix: f\ntarget: pod\nmatch: { type: 12 }\nexamples: { fail: [{description: d}], pass: [{description: d}] }\n', 'v.yaml': '{}\n' });
  const s = ddLint(['--policies', 'policies', 'v.yaml'], { cwd: badSchema });
  t.equal(s.code, 2);
  t.match(s.stderr, /bad\.yaml: invalid policy: match is not a valid JSON Schema/);
});

t.test('ignore globs in the config skip inputs', async (t) => {
  const dir = writeTree({ '.dd-lint.yaml': 'ignore:\n  - "generated/**"\n', 'generated/svc.yaml': nodePort(36000), 'svc.yaml': nodePort(36001) });
  const r = ddLint(['.'], { cwd: dir });
  t.match(r.stdout, 'svc.yaml');
  t.notMatch(r.stdout, 'generated/svc.yaml');
  t.match(ddLint(['generated/svc.yaml'], { cwd: dir }).stdout, NO_PROBLEMS, 'a named file is skipped too');
});
