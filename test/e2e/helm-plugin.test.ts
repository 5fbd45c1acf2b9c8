/**
 * `helm dd-lint` through the real helm binaries (v3.17.3 and v4.1.4), with HELM_PLUGINS pointed at a
 * temp dir holding this repo as the plugin. The chart is a stand-in named datadog: the real
 * chart's default values.yaml (test/fixtures/chart-values/), and a template that emits the real
 * rendering of an incident fixture.
 */
import t from 'tap';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
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
