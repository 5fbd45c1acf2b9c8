#!/usr/bin/env node
// Writes test/fixtures/chart-notices/expected.json: for every example of every notice policy
// (policies/*.yaml with a `notice:`), the banners the real helm prints installing that example's
// values on its chart version (src/chart/data/datadog.notices.json names them). The fast test
// (test/chart-notices.test.ts) checks dd-lint reports exactly those, without helm or the chart.
// Needs the chart history (../shared/datadog-chart/history.bundle) and helm 4 (npm run fetch:helm).
// Usage: npm run gen:notice-expectations
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cloneHistory, extractChart, helmNotices, HELM_FOR_NOTES, RENDER_SETS } from './chart-data/notice-render.mjs';
import { resolveBanner } from './chart-data/notes-banners.mjs';
import { fetchHelm } from './fetch-helm.mjs';

const root = join(import.meta.dirname, '..');
const bundle = join(root, '..', 'shared', 'datadog-chart', 'history.bundle');
if (!existsSync(bundle)) {
  console.error(`gen-notice-expectations: no chart history at ${bundle}`);
  process.exit(1);
}
const { loadPolicyFiles } = await import('../dist/src/policy/load.js');
const { testedInputs } = await import('../dist/test/helpers/policy-examples.js');
const { newestChartVersion } = await import('../dist/src/chart/history.js');
const banners = JSON.parse(readFileSync(join(root, 'src', 'chart', 'data', 'datadog.notices.json'), 'utf8')).banners;

/** What identifies an example's input: a changed example needs new expectations (test/chart-notices.test.ts computes it alike). */
const inputHash = (inputs) => createHash('sha256').update(JSON.stringify([inputs.values ?? null, inputs.set, inputs.chartVersion])).digest('hex').slice(0, 16);

const helm = await fetchHelm(HELM_FOR_NOTES);
const work = mkdtempSync(join(tmpdir(), 'dd-lint-notices-'));
try {
  const repo = cloneHistory(bundle, join(work, 'history.git'));
  const charts = new Map();
  const chartOf = (version) => {
    if (!charts.has(version)) charts.set(version, extractChart(repo, version, join(work, version)));
    return charts.get(version);
  };
  const expected = {};
  for (const { policy } of await loadPolicyFiles()) {
    if (!policy.notice) continue;
    const { fail, pass, full = [] } = policy.examples;
    for (const [kind, list] of [['fail', fail], ['pass', pass], ['full', full]]) {
      for (const [i, example] of list.entries()) {
        // As the tests lint it: other policies' examples with the API key given (docs/contributing.md).
        const inputs = testedInputs(policy.id, example);
        const chartVersion = inputs.chartVersion ?? newestChartVersion();
        const result = await helmNotices(helm, chartOf(chartVersion), work, { values: inputs.values, set: inputs.set });
        if (result.error) console.error(`gen-notice-expectations: ${policy.id} ${kind} ${i}: helm failed outside NOTES: ${result.error}`);
        expected[`${policy.id} ${kind} ${i}`] = {
          chartVersion,
          input: inputHash({ ...inputs, chartVersion }),
          banners: [...new Set(result.banners.map((b) => resolveBanner(b, banners)))].sort(),
          ...(result.stopped ? { stopped: true } : {}),
          ...(result.error ? { error: result.error } : {}),
        };
      }
    }
  }
  const out = join(root, 'test', 'fixtures', 'chart-notices');
  mkdirSync(out, { recursive: true });
  // One example per line: branches adding notices touch different lines.
  const lines = Object.keys(expected).sort().map((k) => `  ${JSON.stringify(k)}: ${JSON.stringify(expected[k])}`);
  writeFileSync(join(out, 'expected.json'), `{\n "helm": "${HELM_FOR_NOTES}",\n "sets": ${JSON.stringify(RENDER_SETS)},\n "examples": {\n${lines.join(',\n')}\n }\n}\n`);
  console.log(`gen-notice-expectations: ${lines.length} examples`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
