#!/usr/bin/env node
// Fails (exit 1, naming the file) when src/chart/data/ no longer matches what
// scripts/gen-chart-data.mjs, gen-chart-guards.mjs, gen-chart-fails.mjs and gen-chart-notices.mjs generate from ../shared/datadog-chart/history.bundle. Without
// that bundle (a user's clone) there is nothing to compare against: it says so and exits 0.
// Run `npm run build` first (the generator uses the compiled loader).
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const bundle = join(root, '..', 'shared', 'datadog-chart', 'history.bundle');
if (!existsSync(bundle)) {
  console.log(`check:chart-data: skipped, no chart history bundle at ${bundle}`);
  process.exit(0);
}
const { generateChartData } = await import('./gen-chart-data.mjs');
const { generateChartGuards } = await import('./gen-chart-guards.mjs');
const { generateChartNotices } = await import('./gen-chart-notices.mjs');
const { generateChartFails } = await import('./gen-chart-fails.mjs');
const dataDir = join(root, 'src', 'chart', 'data');
const tmp = mkdtempSync(join(tmpdir(), 'dd-lint-chart-data-'));
try {
  const log = (line) => console.log(`check:chart-data: ${line}`);
  const generated = [...generateChartData(bundle, tmp, log), ...generateChartGuards(bundle, tmp, log), ...generateChartFails(bundle, tmp, log), ...generateChartNotices(bundle, tmp, log)];
  const checkedIn = readdirSync(dataDir).filter((f) => f.endsWith('.json'));
  const stale = [
    ...generated.filter((f) => !checkedIn.includes(f) || readFileSync(join(tmp, f), 'utf8') !== readFileSync(join(dataDir, f), 'utf8')),
    ...checkedIn.filter((f) => !generated.includes(f)),
  ];
  for (const f of stale) console.error(`check:chart-data: src/chart/data/${f} differs from what the chart history generates; run npm run gen:chart-data`);
  if (stale.length) process.exitCode = 1;
  else console.log(`check:chart-data: src/chart/data/ matches the chart history (${generated.length} files)`);
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
