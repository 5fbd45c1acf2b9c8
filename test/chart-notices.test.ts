/**
 * Parity with the chart's own notices, without helm or the chart: for every example of every notice
 * policy, the banners the real helm printed installing it (test/fixtures/chart-notices/expected.json,
 * written by `npm run gen:notice-expectations`) are exactly the banners dd-lint's notice policies
 * report, both ways, among the banners some policy claims. Where a NOTES `fail` stopped the install,
 * helm printed nothing after it: dd-lint must then report at least what helm printed.
 */
import t from 'tap';
import { OFFLINE_NEVER_PRINTED, USER_TRIGGER_ONLY } from './helpers/notice-exceptions.js';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadPolicyFiles } from '../src/policy/load.js';
import { newestChartVersion } from '../src/chart/history.js';
import { chartBanners } from '../src/chart/notices.js';
import { lintExample } from './helpers/lint-text.js';
import { testedInputs } from './helpers/policy-examples.js';
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
        const inputs = testedInputs(policy.id, example);
        const chartVersion = inputs.chartVersion ?? newestChartVersion();
        const helm = expected.examples[key];
        if (!helm || helm.input !== inputHash(inputs.values, inputs.set, chartVersion)) {
          t.fail(`${key}: no expectation for this input; run npm run gen:notice-expectations`);
          continue;
        }
        t.notOk(helm.error, `${key}: helm renders the example (${helm.error ?? ''})`);
        const findings = await lintExample({ ...inputs, chartVersion, set: [...inputs.set, ...expected.sets] });
        const own = policy.notice!.banner;
        const reported = [...new Set(findings.flatMap((f) => (bannerOf.has(f.ruleId) ? [bannerOf.get(f.ruleId)!] : [])))].filter((b) => !OFFLINE_NEVER_PRINTED.has(b)).sort();
        // A user-trigger-only banner helm printed counts unless the user did not write its trigger and dd-lint kept quiet.
        const wroteTrigger = (b: string) => b === own && kind !== 'pass';
        const printed = helm.banners.filter((b) => claimed.has(b) && (!USER_TRIGGER_ONLY.has(b) || wroteTrigger(b) || reported.includes(b))).sort();
        if (helm.stopped) t.same(printed.filter((b) => !reported.includes(b)), [], `${key}: helm's banners are reported (the install stopped at a fail)`);
        else t.same(reported, printed, `${key}: the notices reported are the banners helm printed`);
        // The example's own notice: a failing example prints its banner, a passing one does not;
        // a user-trigger-only banner's first passing example (the chart's defaults) prints it, unreported.
        const onDefaults = USER_TRIGGER_ONLY.has(own) && kind === 'pass' && i === 0;
        const prints = (kind !== 'pass' || onDefaults) && !OFFLINE_NEVER_PRINTED.has(own);
        t.equal(helm.banners.includes(own), prints, `${key}: helm ${prints ? 'prints' : 'does not print'} the banner`);
        if (onDefaults) t.notOk(reported.includes(own), `${key}: dd-lint does not report the banner on the chart's defaults`);
      }
    }
  });
}

/**
 * Banners of the newest chart without a policy yet, each with why (none today: a gap listed here belongs
 * in docs/chart-notices.md too). The list must match exactly: a new banner fails the test, and so does
 * one that gains a policy.
 */
const KNOWN_GAPS = new Map<string, string>();

t.test('coverage: every ERROR and WARNING banner of the newest bundled chart version has a notice policy', async (t) => {
  const newest = newestChartVersion();
  const mustClaim = chartBanners().filter((b) => b.runs.some((r) => r.to === newest && (r.printed === 'ERROR' || r.printed === 'WARNING')));
  t.ok(mustClaim.length >= 40, `${mustClaim.length} ERROR/WARNING banners in ${newest}`);
  const unclaimed = mustClaim.map((b) => b.banner).filter((b) => !claimed.has(b));
  t.same(unclaimed.sort(), [...KNOWN_GAPS.keys()].sort(), 'banners without a notice policy are the known gaps');
  t.ok(mustClaim.some((b) => claimed.has(b.banner)), 'the check sees claimed banners');
});
