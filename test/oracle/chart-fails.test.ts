/**
 * Parity of chart-render-failure with the real chart: every fail guard's examples
 * (test/fixtures/chart-fails/examples.yaml), one that triggers it and one that comes close, and
 * examples of values.schema.json violations and of guards that never fire, are
 * rendered by helm on up to five chart versions holding the guard (2.x and 3.x where it exists
 * there). helm must fail exactly where dd-lint says it will: it renders when dd-lint reports no
 * render failure, and otherwise stops at a `fail` (or the values schema) dd-lint reported. helm's
 * verdicts must match test/fixtures/chart-fails/outcomes.json, which the fast test checks dd-lint
 * against; DD_LINT_UPDATE_OUTCOMES=1 rewrites that file. Needs ../shared/datadog-chart:
 *   npm run build && npx tap dist/test/oracle/chart-fails.test.js
 */
import t from 'tap';
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { FAIL_GUARDS } from '../../src/chart/fail-guards.js';
import { HELM_VERSIONS, ensureHelm, repoRoot } from '../helpers/helm.js';
import { clusterFor, ddLintVerdicts, examples, outcomes, parityIds, versionsFor, withBase, writeOutcomes, type Kind, type Outcomes } from '../helpers/chart-fails.js';
import { createHash } from 'node:crypto';

const BUNDLE = join(repoRoot(), '..', 'shared', 'datadog-chart', 'history.bundle');
/** As scripts/chart-data/fail-calls.mjs fingerprints a fail call. */
const fingerprint = (literal: string) => createHash('sha256').update(literal).digest('hex').slice(0, 12);
const CALL = /\bfail\s+(\(\s*printf\s+)?"((?:[^"\\]|\\.)*)"/g;

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve) => execFile(cmd, args, { env, maxBuffer: 256 * 1024 * 1024 }, (err, _stdout, stderr) => resolve({ code: err ? Number(err.code ?? 1) : 0, stderr })));
}

/** The chart of `version` without its dependencies (not all are in the history), and its fail messages by fingerprint. */
function extractChart(repo: string, version: string, into: string): { chart: string; messages: Map<string, string> } {
  const tar = execFileSync('git', ['-C', repo, 'archive', '--format=tar', `datadog-${version}`, 'charts/datadog'], { maxBuffer: 256 * 1024 * 1024 });
  mkdirSync(into, { recursive: true });
  execFileSync('tar', ['-x', '-C', into], { input: tar });
  const chart = join(into, 'charts', 'datadog');
  for (const f of ['requirements.yaml', 'requirements.lock', 'Chart.lock', 'charts']) rmSync(join(chart, f), { recursive: true, force: true });
  const meta = parse(readFileSync(join(chart, 'Chart.yaml'), 'utf8')) as Record<string, unknown>;
  delete meta.dependencies;
  writeFileSync(join(chart, 'Chart.yaml'), stringify(meta));
  const messages = new Map<string, string>();
  for (const file of readdirSync(join(chart, 'templates'))) {
    for (const m of readFileSync(join(chart, 'templates', file), 'utf8').matchAll(CALL)) {
      // helm prints the message whole: its longest line (before a printf verb) identifies it.
      const text = (JSON.parse(`"${m[2]!.replace(/\\'/g, "'")}"`) as string).split('%')[0]!;
      messages.set(fingerprint(m[2]!), text.split('\n').reduce((a, b) => (b.trim().length > a.length ? b.trim() : a), ''));
    }
  }
  return { chart, messages };
}

t.test('helm fails exactly where chart-render-failure says it will', { skip: existsSync(BUNDLE) ? false : `no chart history at ${BUNDLE}` }, async (t) => {
  const helm = await ensureHelm(HELM_VERSIONS[0]);
  const work = mkdtempSync(join(tmpdir(), 'dd-lint-fails-oracle-'));
  t.teardown(() => rmSync(work, { recursive: true, force: true }));
  const repo = join(work, 'history.git');
  execFileSync('git', ['clone', '-q', '--bare', BUNDLE, repo], { stdio: 'ignore' });
  const home = join(work, 'home');
  const env = { ...process.env, HELM_CACHE_HOME: home, HELM_CONFIG_HOME: home, HELM_DATA_HOME: home, KUBECONFIG: join(home, 'kubeconfig') };
  const charts = new Map<string, ReturnType<typeof extractChart>>();
  const chartOf = (v: string) => {
    if (!charts.has(v)) charts.set(v, extractChart(repo, v, join(work, v)));
    return charts.get(v)!;
  };
  let renders = 0;
  const helmVerdict = async (id: string, version: string, values: object): Promise<string> => {
    const { chart, messages } = chartOf(version);
    const file = join(work, `values-${renders++}.json`);
    writeFileSync(file, JSON.stringify(values));
    const r = await run(helm, ['template', 'datadog', chart, '--namespace', 'datadog', '-f', file, ...clusterFor(id)], env);
    if (r.code === 0) return 'renders';
    if (/values don't meet the specifications of the schema/.test(r.stderr)) return 'schema';
    // Messages may contain one another ("Node Agent Private Action Runner: ..."): the longest that matches.
    const hit = [...messages].filter(([, text]) => text && r.stderr.includes(text)).sort((a, b) => b[1].length - a[1].length)[0];
    return hit ? hit[0] : `error: ${r.stderr.trim().slice(0, 160)}`;
  };

  const ex = examples();
  const live: Outcomes = {};
  const disagreements: string[] = [];
  const versionsSeen = new Set<string>();
  const started = Date.now();
  // DD_LINT_ORACLE_ONLY=id,id renders only those (with DD_LINT_UPDATE_OUTCOMES=1, their verdicts replace the recorded ones).
  const only = process.env.DD_LINT_ORACLE_ONLY?.split(',');
  for (const id of parityIds().filter((i) => !only || only.includes(i))) {
    t.ok(ex[id], `${id} has examples`);
    if (!ex[id]) continue;
    live[id] = { fails: {}, renders: {} };
    const jobs = versionsFor(id).flatMap((v) => (['fails', 'renders'] as Kind[]).map((kind) => ({ v, kind })));
    // Two renderings at a time (helm is single-threaded).
    for (let i = 0; i < jobs.length; i += 2) {
      await Promise.all(
        jobs.slice(i, i + 2).map(async ({ v, kind }) => {
          versionsSeen.add(v);
          const values = withBase(ex[id]![kind]);
          const verdict = await helmVerdict(id, v, values);
          live[id]![kind][v] = verdict;
          const predicted = await ddLintVerdicts(values, v);
          if (!predicted.has(verdict)) disagreements.push(`${id} ${kind} on ${v}: helm ${verdict}, dd-lint ${[...predicted].join(' ')}`);
          if (kind === 'fails' && verdict === 'renders' && !id.startsWith('never-')) disagreements.push(`${id}: the failing example renders on ${v}`);
        }),
      );
    }
  }
  t.comment(`${FAIL_GUARDS.length} guards and ${parityIds().length - FAIL_GUARDS.length} schema or never-firing examples, ${versionsSeen.size} chart versions, ${renders} helm renderings in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  if (!only) t.ok([...versionsSeen].some((v) => v.startsWith('2.')) && [...versionsSeen].some((v) => v.startsWith('3.')), 'versions from 2.x and 3.x');
  t.same(disagreements, [], 'helm and dd-lint agree on every example');
  if (process.env.DD_LINT_UPDATE_OUTCOMES === '1') writeOutcomes(only ? { ...outcomes(), ...live } : live);
  else if (only) t.same(Object.fromEntries(Object.entries(outcomes()).filter(([id]) => only.includes(id))), live, 'outcomes.json records what helm does for these');
  else t.same(outcomes(), live, 'test/fixtures/chart-fails/outcomes.json records what helm does (DD_LINT_UPDATE_OUTCOMES=1 rewrites it)');
});
