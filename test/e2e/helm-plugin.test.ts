/**
 * `helm dd-lint` through the real helm binaries (v3.17.3 and v4.1.4), with HELM_PLUGINS pointed at a
 * temp dir holding this repo as the plugin. The chart is a stand-in named datadog: the real
 * chart's default values.yaml (test/fixtures/chart-values/), and a template that emits the real
 * rendering of an incident fixture. The report flags, --config and --version are the CLI's.
 */
import t, { type Test } from 'tap';
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureHelm, HELM_VERSIONS } from '../helpers/helm.js';
import { REPO_ROOT } from '../helpers/cli.js';
import { FIXTURES_DIR } from '../helpers/fixtures.js';
import { CHART_VALUES_MISSING, chartValuesPath } from '../helpers/chart-values.js';

function standInChart(fixture: string): string {
  const chart = join(mkdtempSync(join(tmpdir(), 'dd-lint-chart-')), 'datadog');
  mkdirSync(join(chart, 'templates'), { recursive: true });
  mkdirSync(join(chart, 'files'));
  writeFileSync(join(chart, 'Chart.yaml'), 'apiVersion: v2\nname: datadog\nversion: 3.240.0\n');
  copyFileSync(chartValuesPath('3.240.0'), join(chart, 'values.yaml'));
  copyFileSync(join(FIXTURES_DIR, fixture, 'rendered.yaml'), join(chart, 'files', 'rendered.yaml'));
  writeFileSync(join(chart, 'templates', 'rendered.yaml'), '{{ .Files.Get "files/rendered.yaml" }}\n');
  return chart;
}

for (const version of HELM_VERSIONS) {
  const skip = !existsSync(chartValuesPath('3.240.0')) && CHART_VALUES_MISSING('3.240.0');
  t.test(`helm ${version} dd-lint reports an incident through the plugin`, { skip }, async (t) => {
    const helm = await ensureHelm(version);
    const home = mkdtempSync(join(tmpdir(), 'dd-lint-helm-home-'));
    const plugins = join(home, 'plugins');
    mkdirSync(plugins);
    symlinkSync(REPO_ROOT, join(plugins, 'dd-lint'));
    const env = {
      ...process.env,
      HOME: home,
      HELM_PLUGINS: plugins,
      HELM_CACHE_HOME: join(home, 'cache'),
      HELM_CONFIG_HOME: join(home, 'config'),
      HELM_DATA_HOME: join(home, 'data'),
    };
    const listed = spawnSync(helm, ['plugin', 'list'], { env, encoding: 'utf8' });
    t.match(listed.stdout, /dd-lint/, 'helm sees the plugin');

    const values = join(FIXTURES_DIR, 's004-token-30', 'values.yaml');
    const bad = spawnSync(helm, ['dd-lint', standInChart('s004-token-30'), '-f', values], { env, encoding: 'utf8', cwd: REPO_ROOT });
    t.equal(bad.status, 1, bad.stderr);
    t.match(bad.stdout, /s004-token-30\/values\.yaml\n  6:3  error  .*30 characters long.*cluster-agent-token-too-short/, 'at the values line');
    t.equal(bad.stdout.match(/cluster-agent-token-too-short/g)?.length, 1, 'reported once, not again from the rendering');

    const good = spawnSync(helm, ['dd-lint', standInChart('s004-token-32'), '-f', join(FIXTURES_DIR, 's004-token-32', 'values.yaml')], { env, encoding: 'utf8', cwd: REPO_ROOT });
    t.equal(good.status, 0, good.stderr);
    t.equal(good.stdout, '');

    const missing = spawnSync(helm, ['dd-lint', join(home, 'no-chart')], { env, encoding: 'utf8' });
    t.equal(missing.status, 2);
    t.match(missing.stderr, /helm dd-lint: helm template .* failed: /);
  });
}

/** The plugin command as plugin.yaml declares it, run by the newest helm with the stand-in chart. */
async function pluginRun(t: Test, args: string[], extraEnv: Record<string, string> = {}) {
  const helm = await ensureHelm(HELM_VERSIONS[HELM_VERSIONS.length - 1]!);
  const home = mkdtempSync(join(tmpdir(), 'dd-lint-helm-home-'));
  const plugins = join(home, 'plugins');
  mkdirSync(plugins);
  symlinkSync(REPO_ROOT, join(plugins, 'dd-lint'));
  const env: NodeJS.ProcessEnv = { ...process.env, HOME: home, HELM_PLUGINS: plugins, HELM_CACHE_HOME: join(home, 'cache'), HELM_CONFIG_HOME: join(home, 'config'), HELM_DATA_HOME: join(home, 'data'), ...extraEnv };
  for (const name of ['NO_COLOR', 'FORCE_COLOR']) if (!(name in extraEnv)) delete env[name];
  t.comment(`helm dd-lint ${args.join(' ')}`);
  return spawnSync(helm, ['dd-lint', ...args], { env, encoding: 'utf8', cwd: home });
}

const skipFlags = !existsSync(chartValuesPath('3.240.0')) && CHART_VALUES_MISSING('3.240.0');
const values = (fixture: string) => join(FIXTURES_DIR, fixture, 'values.yaml');

t.test('helm dd-lint takes the CLI report flags', { skip: skipFlags }, async (t) => {
  const out = join(mkdtempSync(join(tmpdir(), 'dd-lint-helm-out-')), 'reports', 'dd-lint.json');
  const json = await pluginRun(t, [standInChart('s004-token-30'), '-f', values('s004-token-30'), '--format', 'json', '-o', out]);
  t.equal(json.status, 1, json.stderr);
  t.equal(json.stdout, '', 'the report goes to -o, not stdout');
  const report = JSON.parse(readFileSync(out, 'utf8')) as { findings: { ruleId: string; severity: string; location: { line: number; column: number } }[] };
  t.same(report.findings.map((f) => [f.ruleId, f.severity, f.location.line, f.location.column]), [['cluster-agent-token-too-short', 'error', 6, 3]], 'the JSON report, in a folder -o made');

  const all = await pluginRun(t, [standInChart('s001-ssl-agent-only'), '-f', values('s001-ssl-agent-only'), '--no-color']);
  t.match(all.stdout, /skip-ssl-validation-enabled/, 'info findings by default');
  const errors = await pluginRun(t, [standInChart('s001-ssl-agent-only'), '-f', values('s001-ssl-agent-only'), '--severity', 'error', '--no-color']);
  t.equal(errors.status, 1, errors.stderr);
  t.match(errors.stdout, /  error  .*skip-ssl-validation-partial/);
  t.notMatch(errors.stdout, /skip-ssl-validation-enabled/, '--severity error leaves the info finding out');

  const warned = await pluginRun(t, [standInChart('s002-vcluster'), '-f', values('s002-vcluster'), '--max-warnings', '0', '--no-color']);
  t.equal(warned.status, 1, 'one warning, more than --max-warnings 0 allows');
  t.match(warned.stderr, /^helm dd-lint: 1 warning, more than the 0 allowed\n/m, 'and says so (helm adds its own line after)');
  const allowed = await pluginRun(t, [standInChart('s002-vcluster'), '-f', values('s002-vcluster'), '--max-warnings', '1', '--no-color']);
  t.equal(allowed.status, 0, allowed.stderr);

  const forced = await pluginRun(t, [standInChart('s004-token-30'), '-f', values('s004-token-30')], { FORCE_COLOR: '1' });
  t.match(forced.stdout, /\x1b\[/, 'FORCE_COLOR=1 colours a pipe');
  const plain = await pluginRun(t, [standInChart('s004-token-30'), '-f', values('s004-token-30'), '--no-color'], { FORCE_COLOR: '1' });
  t.notMatch(plain.stdout, /\x1b\[/, '--no-color wins');
  t.match(plain.stdout, /  6:3  error  .*cluster-agent-token-too-short/);

  const bad = await pluginRun(t, [standInChart('s004-token-30'), '--format', 'yaml']);
  t.equal(bad.status, 2);
  t.match(bad.stderr, /^helm dd-lint: --format yaml: unknown format \(use stylish, json, /);
});

t.test('helm dd-lint --config reads that config file', { skip: skipFlags }, async (t) => {
  const config = join(mkdtempSync(join(tmpdir(), 'dd-lint-helm-config-')), 'lint.yaml');
  writeFileSync(config, 'policies:\n  cluster-agent-token-too-short: off\n');
  const r = await pluginRun(t, [standInChart('s004-token-30'), '-f', values('s004-token-30'), '--config', config, '--no-color']);
  t.equal(r.status, 0, r.stderr);
  t.notMatch(r.stdout, /cluster-agent-token-too-short/, 'the policy the config turns off');
  writeFileSync(config, 'policies:\n  no-such-policy: off\n');
  const bad = await pluginRun(t, [standInChart('s004-token-30'), '--config', config]);
  t.equal(bad.status, 2);
  t.match(bad.stderr.split('\n')[0], `helm dd-lint: ${config}:2:3: unknown policy "no-such-policy" in the dd-lint config`);
});

t.test('helm dd-lint --version: the chart version helm renders', async (t) => {
  // A helm that records its arguments and renders the incident: the chart is a repository name here.
  const dir = mkdtempSync(join(tmpdir(), 'dd-lint-fake-helm-'));
  const fakeHelm = join(dir, 'helm');
  writeFileSync(fakeHelm, `#!/bin/sh\nprintf '%s\\n' "$@" > "${join(dir, 'args')}"\ncat "${join(FIXTURES_DIR, 's004-token-30', 'rendered.yaml')}"\n`);
  chmodSync(fakeHelm, 0o755);
  const r = spawnSync(process.execPath, [join(REPO_ROOT, 'dist', 'bundle', 'helm-plugin.cjs'), 'datadog/datadog', '--version', '3.240.0', '-f', values('s004-token-30'), '--no-color'], {
    env: { ...process.env, HELM_BIN: fakeHelm },
    encoding: 'utf8',
  });
  t.equal(r.status, 1, r.stderr);
  t.same(readFileSync(join(dir, 'args'), 'utf8').trim().split('\n'), ['template', 'datadog', 'datadog/datadog', '--namespace', 'datadog', '--version', '3.240.0', '-f', values('s004-token-30')]);
  t.match(r.stdout, /  6:3  error  .*cluster-agent-token-too-short/);
});
