/**
 * Parity with the chart's own notices, without helm or the chart: for every example of every notice
 * policy, the banners the real helm printed installing it (test/fixtures/chart-notices/expected.json,
 * written by `npm run gen:notice-expectations`) are exactly the banners dd-lint's notice policies
 * report, both ways, among the banners some policy claims. Where a NOTES `fail` stopped the install,
 * helm printed nothing after it: dd-lint must then report at least what helm printed.
 */
import t from 'tap';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadPolicyFiles } from '../src/policy/load.js';
import { newestChartVersion } from '../src/chart/history.js';
import { chartBanners } from '../src/chart/notices.js';
import { lintExample } from './helpers/lint-text.js';
import { exampleInputs } from './helpers/policy-examples.js';
import { repoRoot } from './helpers/helm.js';

interface Expected {
  sets: string[];
  examples: Record<string, { chartVersion: string; input: string; banners: string[]; stopped?: true; error?: string }>;
}

const expected = JSON.parse(readFileSync(join(repoRoot(), 'test', 'fixtures', 'chart-notices', 'expected.json'), 'utf8')) as Expected;
const notices = (await loadPolicyFiles()).map((f) => f.policy).filter((p) => p.notice);
const bannerOf = new Map(notices.map((p) => [p.id, p.notice!.banner]));
const claimed = new Set(bannerOf.values());
const inputHash = (values: string | undefined, set: string[], chartVersion: string) =>
  createHash('sha256').update(JSON.stringify([values ?? null, set, chartVersion])).digest('hex').slice(0, 16);

t.test('there are notice policies, each banner claimed once', async (t) => {
  t.ok(notices.length >= 2, `${notices.length} notice policies`);
  t.equal(claimed.size, notices.length);
});

for (const policy of notices) {
  t.test(`${policy.id}: dd-lint reports the notices helm prints on its examples`, async (t) => {
    const { fail, pass, full = [] } = policy.examples;
    for (const [kind, list] of [['fail', fail], ['pass', pass], ['full', full]] as const) {
      for (const [i, example] of list.entries()) {
        const key = `${policy.id} ${kind} ${i}`;
        const inputs = exampleInputs(example);
        const chartVersion = inputs.chartVersion ?? newestChartVersion();
        const helm = expected.examples[key];
        if (!helm || helm.input !== inputHash(inputs.values, inputs.set, chartVersion)) {
          t.fail(`${key}: no expectation for this input; run npm run gen:notice-expectations`);
          continue;
        }
        t.notOk(helm.error, `${key}: helm renders the example (${helm.error ?? ''})`);
        const findings = await lintExample({ ...inputs, chartVersion, set: [...inputs.set, ...expected.sets] });
        const reported = [...new Set(findings.flatMap((f) => (bannerOf.has(f.ruleId) ? [bannerOf.get(f.ruleId)!] : [])))].sort();
        const printed = helm.banners.filter((b) => claimed.has(b)).sort();
        if (helm.stopped) t.same(printed.filter((b) => !reported.includes(b)), [], `${key}: helm's banners are reported (the install stopped at a fail)`);
        else t.same(reported, printed, `${key}: the notices reported are the banners helm printed`);
        // The example's own notice: a failing example prints its banner, a passing one does not.
        t.equal(helm.banners.includes(policy.notice!.banner), kind !== 'pass', `${key}: helm ${kind === 'pass' ? 'does not print' : 'prints'} the banner`);
      }
    }
  });
}

t.test('coverage: every ERROR and WARNING banner of the newest bundled chart version has a notice policy', async (t) => {
  const newest = newestChartVersion();
  const mustClaim = chartBanners().filter((b) => b.runs.some((r) => r.to === newest && (r.printed === 'ERROR' || r.printed === 'WARNING')));
  t.ok(mustClaim.length >= 40, `${mustClaim.length} ERROR/WARNING banners in ${newest}`);
  const unclaimed = mustClaim.map((b) => b.banner).filter((b) => !claimed.has(b));
  // The banners after "APM CSI Injection misconfiguration" are written on their own branches (issue 15); until they merge, todo.
  t.same(unclaimed, [], { todo: unclaimed.length > 0 ? `${unclaimed.length} banners without a policy yet` : false });
  t.ok(mustClaim.some((b) => claimed.has(b.banner)), 'the check sees claimed banners');
});
