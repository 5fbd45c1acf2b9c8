/**
 * The chart's fail guards and values.schema.json (chart-render-failure), without the chart:
 * - dd-lint agrees with helm's verdicts recorded in test/fixtures/chart-fails/outcomes.json (by
 *   test/oracle/chart-fails.test.ts, from the real chart) on every example;
 * - every `fail` call of the newest bundled chart version (src/chart/data/datadog.fails.json) is
 *   modelled, reported by another part of the policy or by a notice policy, or listed as not checked with a reason: a
 *   chart refresh that brings a new guard fails here until it is looked at.
 */
import t from 'tap';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoRoot } from './helpers/helm.js';
import { FAIL_GUARDS, FAILS_REPORTED_BY_NOTICES, FAILS_REPORTED_ELSEWHERE, UNCHECKED_FAILS, failsData } from '../src/chart/fail-guards.js';
import { ddLintVerdicts, examples, outcomes, parityIds, versionsFor, withBase } from './helpers/chart-fails.js';

t.test("dd-lint agrees with helm's recorded verdict on every example", async (t) => {
  const ex = examples();
  const recorded = outcomes();
  const disagreements: string[] = [];
  let compared = 0;
  for (const id of parityIds()) {
    t.ok(recorded[id], `${id} has recorded verdicts`);
    t.same(Object.keys(recorded[id]?.fails ?? {}), versionsFor(id), `${id}: recorded on the versions the oracle renders`);
    for (const kind of ['fails', 'renders'] as const) {
      for (const [version, verdict] of Object.entries(recorded[id]?.[kind] ?? {})) {
        compared++;
        const predicted = await ddLintVerdicts(withBase(ex[id]![kind]), version);
        if (!predicted.has(verdict)) disagreements.push(`${id} ${kind} on ${version}: helm ${verdict}, dd-lint ${[...predicted].join(' ')}`);
        if (kind === 'fails' && verdict === 'renders' && !id.startsWith('never-')) disagreements.push(`${id}: the failing example renders on ${version}`);
      }
    }
  }
  t.same(disagreements, []);
  t.ok(compared >= parityIds().length * 2, `${compared} verdicts compared`);
});

t.test('every fail call of the newest chart is accounted for', async (t) => {
  const { newest, fails } = failsData();
  const modelled = new Set([...FAIL_GUARDS, ...FAILS_REPORTED_BY_NOTICES].flatMap((g) => g.fingerprints));
  const unchecked = new Set(UNCHECKED_FAILS.flatMap((u) => u.fingerprints));
  const missing = newest.fails.filter((f) => !modelled.has(f.fingerprint) && !(f.fingerprint in FAILS_REPORTED_ELSEWHERE) && !unchecked.has(f.fingerprint));
  t.same(missing, [], `chart ${newest.version}: fail calls with no guard in src/chart/fail-guards.ts`);
  const known = new Set(fails.map((f) => f.fingerprint));
  const stale = [...modelled, ...unchecked, ...Object.keys(FAILS_REPORTED_ELSEWHERE)].filter((p) => !known.has(p));
  t.same(stale, [], 'every fingerprint named in src/chart/fail-guards.ts is a fail call of some bundled version');
  t.equal(newest.fails.length, 46, `chart ${newest.version} has 46 fail calls`);
});

t.test('docs/chart-guards.md lists them as the data says (npm run docs)', async (t) => {
  const script = (await import(pathToFileURL(join(repoRoot(), 'scripts', 'gen-chart-guards-doc.mjs')).href)) as { renderChartGuardsDoc(): Promise<string>; PAGE: string };
  t.equal(readFileSync(join(repoRoot(), script.PAGE), 'utf8'), await script.renderChartGuardsDoc());
});
