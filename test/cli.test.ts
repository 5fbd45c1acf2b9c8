/** The CLI as users meet it: exit codes, file:line:col, messages, one-line errors. */
import t from 'tap';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { API_KEY_SET, NO_PROBLEMS, ddLint, REPO_ROOT } from './helpers/cli.js';
import { FIXTURES_DIR } from './helpers/fixtures.js';

const fixture = (name: string, file = 'values.yaml') => relative(REPO_ROOT, join(FIXTURES_DIR, name, file));
const tmp = mkdtempSync(join(tmpdir(), 'dd-lint-cli-'));
const write = (name: string, text: string) => {
  const file = join(tmp, name);
  writeFileSync(file, text);
  return file;
};

t.test('incident fixtures fire at the line of the key that causes them', async (t) => {
  const cases: [string, number, string][] = [
    ['s000-otel-hostnetwork', 0, '7:3  warning'],
    ['s000-on-3.123.3', 0, '7:3  warning'],
    ['s001-ssl-agent-only', 1, '8:11  error'],
    ['s004-token-30', 1, '6:3  error'],
    ['quoted-false', 0, '5:5  warning'],
    ['admission-hostip', 0, '8:5  warning'], // no pod in the input shows the traffic: a warning
    ['s002-vcluster', 0, '5:5  warning'],
  ];
  for (const [name, code, where] of cases) {
    const args = name === 's000-on-3.123.3' ? ['--chart-version', '3.123.3', fixture(name)] : [fixture(name)];
    const r = ddLint(args);
    t.equal(r.code, code, `${name}: exit ${code}`);
    t.match(r.stdout, fixture(name), `${name}: names the file`);
    t.match(r.stdout, where, `${name}: ${where}`);
    t.equal(r.stderr, '', `${name}: nothing on stderr`);
  }
});

t.test('clean fixtures: exit 0 and no errors or warnings', async (t) => {
  for (const name of ['default', 's004-token-32', 'otel-no-hostnetwork', 's001-apm-portenabled', 'admission-service']) {
    const r = ddLint([fixture(name)]);
    t.equal(r.code, 0, name);
    t.match(r.stdout, NO_PROBLEMS, `${name}: no output at all`);
  }
  const both = ddLint([fixture('s001-ssl-both')]);
  t.equal(both.code, 0, 's001-ssl-both exits 0');
  t.notMatch(both.stdout, /  (error|warning)  /, 's001-ssl-both: no error or warning');
  t.match(both.stdout, 'skip-ssl-validation-enabled', 'only the security info note');
});

t.test('the same findings from the rendered chart', async (t) => {
  const r = ddLint([fixture('s004-token-30', 'rendered.yaml')]);
  t.equal(r.code, 1);
  t.match(r.stdout, /77:3 +error .*30 characters/);
});

t.test('sarif points at the file relative to the working directory', async (t) => {
  const r = ddLint(['--format', 'sarif', 'values.yaml'], { cwd: join(FIXTURES_DIR, 's004-token-30') });
  t.equal(r.code, 1);
  const sarif = JSON.parse(r.stdout);
  const result = sarif.runs[0].results[0];
  t.equal(result.ruleId, 'cluster-agent-token-too-short');
  t.equal(result.level, 'error');
  t.same(result.locations[0].physicalLocation.artifactLocation, { uri: 'values.yaml', uriBaseId: '%SRCROOT%' });
  t.same(result.locations[0].physicalLocation.region.startLine, 6);
  t.ok(sarif.runs[0].tool.driver.rules.some((r: { id: string; help?: unknown }) => r.id === 'otel-hostnetwork-port-conflict' && r.help), 'rules carry their help');
});

t.test('input problems: one line on stderr, exit 2, no stack trace', async (t) => {
  const missing = ddLint(['does-not-exist.yaml']);
  t.equal(missing.code, 2);
  t.equal(missing.stderr, 'dd-lint: does-not-exist.yaml: no such file\n');

  const bad = write('bad.yaml', 'datadog:\n  apiKey: [unclosed\n');
  const parsed = ddLint([bad]);
  t.equal(parsed.code, 2);
  t.match(parsed.stderr, new RegExp(`^dd-lint: ${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+: invalid YAML`));
  t.equal(parsed.stderr.trim().split('\n').length, 1, 'one line');
  t.notMatch(parsed.stderr, /\n\s+at /, 'no stack trace');

  const option = ddLint(['--bogus', 'x.yaml']);
  t.equal(option.code, 2);
  t.equal(option.stderr, 'dd-lint: unknown option --bogus (see dd-lint --help)\n');

  const format = ddLint(['--format', 'xml', fixture('default')]);
  t.equal(format.code, 2);
  t.match(format.stderr, /--format xml: unknown format/);

  const none = ddLint([]);
  t.equal(none.code, 2);
  t.match(none.stderr, /no input files/);

  const version = ddLint(['--chart-version', '9.9.9', fixture('default')]);
  t.equal(version.code, 2);
  t.match(version.stderr, /no bundled defaults for this version/);
});

t.test('-f files merge into one release, --set applies over them', async (t) => {
  const a = write('a.yaml', 'datadog:\n  otelCollector:\n    enabled: true\n');
  const b = write('b.yaml', 'agents:\n  useHostNetwork: true\n');
  const merged = ddLint(['-f', a, '-f', b]);
  t.equal(merged.code, 0);
  t.match(merged.stdout, /2:3 +warning .*otel-hostnetwork-port-conflict/, 'found across two files');

  const set = ddLint(['-f', a, '--set', 'agents.useHostNetwork=true']);
  t.match(set.stdout, 'otel-hostnetwork-port-conflict', 'found from --set');
  t.match(set.stdout, '--set agents.useHostNetwork=true', 'points at the --set argument');

  const off = ddLint(['-f', a, '-f', b, '--set', 'agents.useHostNetwork=false', ...API_KEY_SET]);
  t.match(off.stdout, NO_PROBLEMS, '--set wins over the files');
});

t.test('inline suppressions', async (t) => {
  const next = write('next.yaml', 'datadog:\n  otelCollector:\n    enabled: true\nagents:\n  # dd-lint-disable-next-line otel-hostnetwork-port-conflict -- host ports checked by hand\n  useHostNetwork: true\n');
  t.match(ddLint([next, ...API_KEY_SET]).stdout, NO_PROBLEMS, 'next line');
  const other = write('other.yaml', 'datadog:\n  otelCollector:\n    enabled: true\nagents:\n  # dd-lint-disable-next-line skip-ssl-validation-partial\n  useHostNetwork: true\n');
  t.match(ddLint([other]).stdout, 'otel-hostnetwork-port-conflict', 'another id does not suppress');
  const file = write('file.yaml', '# dd-lint-disable cluster-agent-token-too-short\nclusterAgent:\n  token: "short"\n');
  const r = ddLint([file, ...API_KEY_SET]);
  t.equal(r.code, 0);
  t.match(r.stdout, NO_PROBLEMS, 'whole file');
});

t.test('a default the user never wrote points at line 1 and says it is a default', async (t) => {
  const chart = join(tmp, 'chart');
  const { mkdirSync } = await import('node:fs');
  mkdirSync(chart);
  writeFileSync(join(chart, 'Chart.yaml'), 'apiVersion: v2\nname: datadog\nversion: 9.0.0\n');
  writeFileSync(join(chart, 'values.yaml'), 'agents:\n  enabled: true\n  useHostNetwork: true\ndatadog:\n  otelCollector:\n    enabled: false\n');
  const values = write('only-otel.yaml', 'datadog:\n  otelCollector:\n    enabled: true\n');
  const r = ddLint(['--chart', chart, values]);
  t.equal(r.code, 0);
  t.match(r.stdout, /1:1 +warning .*otel-hostnetwork-port-conflict\n    \(chart default\) agents\.useHostNetwork is not set in your values/);
});

t.test('an app sending to status.hostIP is checked against the agent from values or from the rendering', async (t) => {
  const app = fixture('s001-apm-default', 'app.yaml');
  for (const input of ['values.yaml', 'rendered.yaml']) {
    const r = ddLint([fixture('s001-apm-default', input), app]);
    t.equal(r.code, 1, `s001-apm-default ${input} + app.yaml`);
    t.match(r.stdout, new RegExp(`${app.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\n  25:15  error  Deployment default/rayne container rayne sends traces to status.hostIP:8126`));
    const ok = ddLint([fixture('s001-apm-portenabled', input), app]);
    t.equal(ok.code, 0, `s001-apm-portenabled ${input} + app.yaml`);
    t.match(ok.stdout, NO_PROBLEMS);
  }
  const hostNetwork = ddLint([fixture('hostnetwork-only'), app]);
  t.match(hostNetwork.stdout, NO_PROBLEMS, 'agents.useHostNetwork: true');
  const dns = write('app-dns.yaml', readFileSync(join(REPO_ROOT, app), 'utf8').replace(/valueFrom:\n\s+fieldRef:\n\s+fieldPath: status.hostIP/, 'value: datadog.datadog.svc.cluster.local'));
  const viaService = ddLint([fixture('s001-apm-default'), dns]);
  t.equal(viaService.code, 0, 'the agent Service DNS name');
  t.match(viaService.stdout, NO_PROBLEMS);
});

t.test('manifests from a directory (recursive), from stdin, and as a List', async (t) => {
  const { mkdirSync, copyFileSync } = await import('node:fs');
  const dir = join(tmp, 'tree');
  mkdirSync(join(dir, 'apps', 'shop'), { recursive: true });
  copyFileSync(join(REPO_ROOT, fixture('s001-apm-default', 'rendered.yaml')), join(dir, 'datadog.yaml'));
  copyFileSync(join(REPO_ROOT, fixture('s001-apm-default', 'app.yaml')), join(dir, 'apps', 'shop', 'rayne.yml'));
  writeFileSync(join(dir, 'apps', 'README.md'), '# not a manifest\n');
  const r = ddLint([dir]);
  t.equal(r.code, 1);
  t.match(r.stdout, `${relative(REPO_ROOT, join(dir, 'apps', 'shop', 'rayne.yml'))}\n  25:15  error`, 'finds the app two levels down');

  const stdin = ddLint(['-', fixture('s001-apm-default', 'rendered.yaml')], { input: readFileSync(join(REPO_ROOT, fixture('s001-apm-default', 'app.yaml')), 'utf8') });
  t.equal(stdin.code, 1);
  t.match(stdin.stdout, '<stdin>\n  25:15  error', 'stdin is named <stdin>');

  const list = write('list.json', JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [{ apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { type: 'NodePort', ports: [{ port: 80, nodePort: 36527 }] } }] }));
  const fromList = ddLint([list]);
  t.equal(fromList.code, 0);
  t.match(fromList.stdout, 'nodeport-in-ephemeral-range', 'a List in JSON');
});

t.test('input that is neither values nor manifests is refused, not guessed', async (t) => {
  const r = ddLint([write('list.yaml', '- a\n- b\n')]);
  t.equal(r.code, 2);
  t.match(r.stderr, /list\.yaml:1:1: cannot tell whether this is Helm values or Kubernetes manifests/);
});

t.test('the dd-lint.io/ignore annotation suppresses on the object or its pod template', async (t) => {
  const service = (annotations: string) =>
    write('svc.yaml', `apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n${annotations}spec:\n  type: NodePort\n  ports:\n    - port: 80\n      nodePort: 36527\n`);
  t.match(ddLint([service('')]).stdout, 'nodeport-in-ephemeral-range');
  t.match(ddLint([service('  annotations:\n    dd-lint.io/ignore: "nodeport-in-ephemeral-range -- range reserved on our nodes"\n')]).stdout, NO_PROBLEMS);
  const app = readFileSync(join(REPO_ROOT, fixture('s001-apm-default', 'app.yaml')), 'utf8').replace('    metadata:\n      labels:', '    metadata:\n      annotations:\n        dd-lint.io/ignore: apm-hostip-unreachable\n      labels:');
  const r = ddLint([fixture('s001-apm-default', 'rendered.yaml'), write('app-ignored.yaml', app)]);
  t.equal(r.code, 0, 'pod template annotation');
  t.match(r.stdout, NO_PROBLEMS);
});
