/** Checked-in generated files must be exactly what their sources generate. */
import t from 'tap';
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './helpers/cli.js';
import { renderDefaultsModule } from '../src/chart/defaults-module.js';
import { BUNDLED_CHART_VERSIONS } from '../src/chart/defaults.js';
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

t.test('bundled chart defaults match the chart values.yaml (npm run gen:chart-defaults)', async (t) => {
  for (const version of BUNDLED_CHART_VERSIONS) {
    const values = chartValues(version);
    if (values === undefined) {
      t.test(version, { skip: CHART_VALUES_MISSING(version) }, async () => {});
      continue;
    }
    const generated = readFileSync(join(REPO_ROOT, 'src', 'chart', 'defaults', `datadog-${version}.ts`), 'utf8');
    t.equal(generated, renderDefaultsModule(version, chartValuesPath(version), values), version);
  }
});
