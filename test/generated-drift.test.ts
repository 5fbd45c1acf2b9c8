/** Checked-in generated files must be exactly what their sources generate. */
import t from 'tap';
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './helpers/cli.js';
import { chartDefaults } from '../src/chart/history.js';
import { parseHelmYaml } from '../src/load/helm-yaml.js';
import { chartValues, chartValuesPath, CHART_VALUES_MISSING } from './helpers/chart-values.js';

t.test('src/generated/*.ts match schemas/*.schema.json (npm run gen:types)', async (t) => {
  const r = spawnSync(process.execPath, [join(REPO_ROOT, 'scripts', 'gen-types.mjs'), '--check'], { encoding: 'utf8' });
  t.equal(r.status, 0, r.stderr);
  t.equal(readdirSync(join(REPO_ROOT, 'src', 'generated')).length, readdirSync(join(REPO_ROOT, 'schemas')).filter((f) => f.endsWith('.schema.json')).length);
});

t.test("schemas/config.schema.json's policies section matches the policy modules (npm run gen:schemas)", async (t) => {
  const r = spawnSync(process.execPath, [join(REPO_ROOT, 'scripts', 'gen-config-schema.mjs'), '--check'], { encoding: 'utf8' });
  t.equal(r.status, 0, r.stderr);
});

t.test("the chart data's defaults are the chart's own values.yaml, read as Helm reads it", async (t) => {
  for (const version of ['3.240.0', '3.123.3']) {
    const values = chartValues(version);
    if (values === undefined) {
      t.test(version, { skip: CHART_VALUES_MISSING(version) }, async () => {});
      continue;
    }
    t.same((await chartDefaults(version)).values, parseHelmYaml(chartValuesPath(version), values).value, version);
  }
});
