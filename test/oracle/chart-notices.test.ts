/**
 * Live parity of the notice policies with the chart's own NOTES: helm 4 installs (`--dry-run=client`,
 * which prints NOTES without a cluster) every notice policy's examples, on the example's chart
 * version, and its plain values examples again on chart versions spread over 2.x and 3.x that print
 * the policy's banner; dd-lint, on the same values, --set and version, must report exactly the
 * claimed banners helm printed, both ways (where a NOTES `fail` stopped the install, at least those).
 * The committed expectations (test/chart-notices.test.ts) are the fast form of the first half.
 * Needs the chart history (../shared/datadog-chart) and skips without it:
 *   npm run build && npx tap dist/test/oracle/chart-notices.test.js
 */
import t, { type Test } from 'tap';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadPolicyFiles } from '../../src/policy/load.js';
import { newestChartVersion } from '../../src/chart/history.js';
import { chartBanners, versionsPrinting } from '../../src/chart/notices.js';
import { ensureHelm, repoRoot } from '../helpers/helm.js';
import { lintExample } from '../helpers/lint-text.js';
import { testedInputs, type ExampleInputs } from '../helpers/policy-examples.js';
import { OFFLINE_NEVER_PRINTED, USER_TRIGGER_ONLY } from '../helpers/notice-exceptions.js';

const BUNDLE = join(repoRoot(), '..', 'shared', 'datadog-chart', 'history.bundle');
/** Spread over 2.x and 3.x, each printing some of the banners the notice policies claim. */
const VERSIONS = ['2.4.30', '2.21.0', '2.37.9', '3.0.0', '3.69.2', '3.123.3', '3.162.0'];

interface HelmNotices {
  banners: string[];
  stopped?: true;
  error?: string;
}
interface NoticeRender {
  HELM_FOR_NOTES: string;
  RENDER_SETS: string[];
  cloneHistory(bundle: string, into: string): string;
  extractChart(repo: string, version: string, into: string): string;
  helmNotices(helm: string, chart: string, work: string, input: { values?: string; set: string[] }): Promise<HelmNotices>;
}
interface Banners {
  resolveBanner(printed: string, banners: unknown[]): string;
}

if (!existsSync(BUNDLE)) {
  t.pass('no chart history (../shared/datadog-chart): the live notice oracle is skipped');
} else {
  const scripts = pathToFileURL(join(repoRoot(), 'scripts', 'chart-data') + '/').href;
  const render = (await import(new URL('notice-render.mjs', scripts).href)) as NoticeRender;
  const { resolveBanner } = (await import(new URL('notes-banners.mjs', scripts).href)) as Banners;
  const helm = await ensureHelm(render.HELM_FOR_NOTES);
  const work = mkdtempSync(join(tmpdir(), 'dd-lint-notice-oracle-'));
  const repo = render.cloneHistory(BUNDLE, join(work, 'history.git'));
  const charts = new Map<string, string>();
  const chartOf = (version: string): string => {
    if (!charts.has(version)) charts.set(version, render.extractChart(repo, version, join(work, version)));
    return charts.get(version)!;
  };

  const notices = (await loadPolicyFiles()).map((f) => f.policy).filter((p) => p.notice);
  const bannerOf = new Map(notices.map((p) => [p.id, p.notice!.banner]));
  const claimed = new Set(bannerOf.values());
  const figures = { examples: 0, renderings: 0, agreements: 0, notRendered: 0, versions: new Set<string>() };

  /** helm and dd-lint on one input: the claimed banners each reports, compared both ways. */
  async function compare(t: Test, label: string, inputs: ExampleInputs, chartVersion: string): Promise<void> {
    const helmSaw = await render.helmNotices(helm, chartOf(chartVersion), work, { ...(inputs.values !== undefined ? { values: inputs.values } : {}), set: inputs.set });
    figures.renderings++;
    figures.versions.add(chartVersion);
    if (helmSaw.error) {
      // The templates refused the values (an older chart without a key the example uses, its schema): no NOTES to compare.
      figures.notRendered++;
      return;
    }
    const findings = await lintExample({ ...inputs, chartVersion, set: [...inputs.set, ...render.RENDER_SETS] });
    const reported = [...new Set(findings.flatMap((f) => (bannerOf.has(f.ruleId) ? [bannerOf.get(f.ruleId)!] : [])))].filter((b) => !OFFLINE_NEVER_PRINTED.has(b)).sort();
    // A banner dd-lint reports only when the user wrote its trigger counts where dd-lint reports it.
    const printed = [...new Set(helmSaw.banners.map((b) => resolveBanner(b, chartBanners())))]
      .filter((b) => claimed.has(b) && (!USER_TRIGGER_ONLY.has(b) || reported.includes(b)))
      .sort();
    const agrees = helmSaw.stopped ? printed.every((b) => reported.includes(b)) : JSON.stringify(reported) === JSON.stringify(printed);
    if (agrees) figures.agreements++;
    t.ok(agrees, `${label} on ${chartVersion}: helm printed [${printed.join(' | ')}]${helmSaw.stopped ? ' (stopped at a fail)' : ''}, dd-lint reported [${reported.join(' | ')}]`);
  }

  // In a subtest, so that the root test waits for the helm runs; the scratch charts go at its end.
  await t.test('helm and dd-lint report the same notices', async (t) => {
    try {
      for (const policy of notices) {
        const { fail, pass, full = [] } = policy.examples;
        const printing = new Set(versionsPrinting(policy.notice!.banner));
        for (const [kind, list] of [['fail', fail], ['pass', pass], ['full', full]] as const) {
          for (const [i, example] of list.entries()) {
            const inputs = testedInputs(policy.id, example);
            figures.examples++;
            await compare(t, `${policy.id} ${kind} ${i}`, inputs, inputs.chartVersion ?? newestChartVersion());
            // A full copy belongs to its own version; plain values go to every spread version printing the banner.
            if (kind !== 'full') for (const version of VERSIONS.filter((v) => printing.has(v))) await compare(t, `${policy.id} ${kind} ${i}`, inputs, version);
          }
        }
      }
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });

  t.ok(figures.versions.size >= 6, `${figures.versions.size} chart versions`);
  t.ok(figures.renderings - figures.notRendered > figures.examples, 'the spread versions render examples too');
  console.log(
    `chart-notices oracle: ${figures.examples} examples, ${figures.versions.size} chart versions (${[...figures.versions].sort().join(', ')}), ${figures.renderings} helm installs (${figures.notRendered} refused by the templates), ${figures.agreements} agreements`,
  );
}
