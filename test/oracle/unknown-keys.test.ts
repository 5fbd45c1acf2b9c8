/**
 * An oracle for unknown-values-key that does not trust dd-lint's own data: the real helm renders the
 * real chart of a sample of versions (2.x and 3.x) with values that are the version's full
 * values.yaml plus changed keys (typos, keys moved a level, keys only another version reads).
 * For every changed key, helm decides whether it matters: the rendering without it is compared
 * byte for byte with the rendering with it. Then:
 * - a key dd-lint calls unknown must not matter (no false "unknown": Helm ignored it);
 * - a key dd-lint calls known must matter, or be declared in that version's values.yaml.
 * It needs the chart history (../shared/datadog-chart, with the chart templates that the
 * repository does not vendor) and skips without it. It takes a minute or two, so `npm test` leaves
 * it out (package.json tap.exclude) and .ci/run runs it where the history exists:
 *   npm run build && npx tap dist/test/unknown-keys-oracle.test.js
 */
import t, { type Test } from 'tap';
import { execFileSync, execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parse, stringify } from 'yaml';
import { chartDefaults, chartKeys, chartVersions } from '../../src/chart/history.js';
import { unknownKeys } from '../../src/rules/facts/unknown-keys.js';
import { isObject, type Json, type JsonObject } from '../../src/json.js';
import { HELM_VERSIONS, ensureHelm, repoRoot } from '../helpers/helm.js';
import { lintExample } from '../helpers/lint-text.js';

const BUNDLE = join(repoRoot(), '..', 'shared', 'datadog-chart', 'history.bundle');
const VERSIONS = ['2.4.0', '2.13.0', '2.30.0', '2.37.9', '3.0.0', '3.33.0', '3.69.0', '3.100.0', '3.123.3', '3.160.0', '3.200.0', '3.240.0'];
const SECRET = '0123456789abcdef0123456789abcdef'; // fixed: the chart would make up a random cluster-agent token
/** Subcharts are not rendered (their charts are not all in the history): their sections are not judged here. */
const NOT_JUDGED = new Set(['global', 'datadog-crds', 'datadog-operator', 'operator', 'datadog-csi-driver', 'kube-state-metrics', 'tags']);

interface Change {
  kind: 'typo' | 'moved' | 'other-version' | 'template-read';
  path: string[];
  value: Json;
}

/** A seeded generator, so a failure reproduces. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    // mulberry32
    s = (s + 0x6d2b79f5) >>> 0;
    let x = Math.imul(s ^ (s >>> 15), 1 | s);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 2 ** 32;
  };
}

const getAt = (tree: Json, path: string[]): Json | undefined => path.reduce<Json | undefined>((n, k) => (isObject(n) ? n[k] : undefined), tree);
function setAt(tree: JsonObject, path: string[], value: Json): void {
  let node = tree;
  for (const k of path.slice(0, -1)) {
    if (!isObject(node[k])) node[k] = {};
    node = node[k] as JsonObject;
  }
  node[path[path.length - 1]!] = value;
}
function deleteAt(tree: JsonObject, path: string[]): void {
  const parent = getAt(tree, path.slice(0, -1));
  if (isObject(parent)) delete parent[path[path.length - 1]!];
}

/** A value unlike the default (so a chart that read the key would render something else). */
function otherValue(value: Json | undefined): Json {
  if (typeof value === 'boolean') return !value;
  if (typeof value === 'number') return value + 7;
  if (typeof value === 'string') return `${value}oracle`;
  return 'oracle-value';
}

function typo(key: string, rnd: () => number): string {
  if (key.length < 4 || rnd() < 0.3) return key.toLowerCase() === key ? key.toUpperCase() : key.toLowerCase();
  const i = 1 + Math.floor(rnd() * (key.length - 2));
  return key.slice(0, i) + key[i + 1] + key[i] + key.slice(i + 2); // two neighbours swapped
}

function leaves(tree: JsonObject, path: string[] = []): string[][] {
  return Object.entries(tree).flatMap(([k, v]) => (isObject(v) && Object.keys(v).length > 0 ? leaves(v, [...path, k]) : [[...path, k]]));
}

function changesFor(version: string, defaults: JsonObject, rnd: () => number): Change[] {
  const keys = chartKeys(version);
  // (a version whose data opens whole top-level blocks, 3.197.1 to 3.215.2, leaves few keys to judge)
  const pick = <T>(list: T[]): T | undefined => list[Math.floor(rnd() * list.length)];
  const judged = leaves(defaults).filter((p) => !NOT_JUDGED.has(p[0]!) && keys.lookup(p.slice(0, -1)) === 'known' && keys.lookup([...p, '\u0000x']) !== 'open');
  const changes: Change[] = [];
  for (let i = 0; i < 6; i++) {
    const p = pick(judged);
    if (!p) break;
    const wrong = typo(p[p.length - 1]!, rnd);
    if (wrong !== p[p.length - 1]) changes.push({ kind: 'typo', path: [...p.slice(0, -1), wrong], value: otherValue(getAt(defaults, p)) });
  }
  for (let i = 0; i < 4; i++) {
    const p = pick(judged.filter((q) => q.length >= 2));
    if (!p) break;
    // one level too deep (under datadog or under its own parent's sibling) or one too shallow
    const moved = i % 2 === 0 ? (p[0] === 'datadog' ? [p[0], ...p] : ['datadog', ...p]) : [...p.slice(0, -2), p[p.length - 1]!];
    changes.push({ kind: 'moved', path: moved, value: otherValue(getAt(defaults, p)) });
  }
  // keys that only other sampled versions read
  const others = VERSIONS.filter((v) => v !== version).flatMap((v) => {
    const k = chartKeys(v);
    const walk = (p: string[]): string[][] => k.children(p).flatMap((c) => (k.lookup([...p, c]) === 'known' ? [[...p, c], ...walk([...p, c])] : []));
    return walk([]);
  });
  const foreign = others.filter((p) => !NOT_JUDGED.has(p[0]!) && keys.lookup(p) === 'unknown' && keys.lookup(p.slice(0, -1)) === 'known');
  for (let i = 0; i < 6 && foreign.length > 0; i++) changes.push({ kind: 'other-version', path: pick(foreign)!, value: 'oracle-value' });
  // keys the templates read that values.yaml does not declare: dd-lint calls them known
  const own = (() => {
    const walk = (p: string[]): string[][] => keys.children(p).flatMap((c) => (keys.lookup([...p, c]) === 'known' ? [[...p, c], ...walk([...p, c])] : []));
    return walk([]);
  })();
  const readOnly = own.filter((p) => !NOT_JUDGED.has(p[0]!) && getAt(defaults, p) === undefined && isObject(getAt(defaults, p.slice(0, -1)) ?? null) && keys.children(p).length === 0);
  for (let i = 0; i < 4 && readOnly.length > 0; i++) changes.push({ kind: 'template-read', path: pick(readOnly)!, value: 'oracle-value' });
  // one change per path; none inside another
  const seen: string[][] = [];
  return changes.filter((c) => {
    if (seen.some((s) => s.every((k, j) => c.path[j] === k) || c.path.every((k, j) => s[j] === k))) return false;
    seen.push(c.path);
    return getAt(defaults, c.path) === undefined;
  });
}

async function inPairs<T, R>(items: T[], fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += 2) out.push(...(await Promise.all(items.slice(i, i + 2).map(fn))));
  return out;
}

/** The `enabled: false` switches of a path's ancestors in the defaults. */
function enabling(defaults: JsonObject, path: string[]): string[][] {
  return path.slice(0, -1).flatMap((_, i) => {
    const at = [...path.slice(0, i + 1), 'enabled'];
    return getAt(defaults, at) === false && at.join('.') !== path.join('.') ? [at] : [];
  });
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) =>
    execFile(cmd, args, { env, maxBuffer: 256 * 1024 * 1024 }, (err, stdout, stderr) => resolve({ code: err ? Number(err.code ?? 1) : 0, stdout, stderr })),
  );
}

/** The chart of `version` as released, without its dependencies (their charts are not all in the history). */
function extractChart(repo: string, version: string, into: string): string {
  const tar = execFileSync('git', ['-C', repo, 'archive', '--format=tar', `datadog-${version}`, 'charts/datadog'], { maxBuffer: 256 * 1024 * 1024 });
  mkdirSync(into, { recursive: true });
  execFileSync('tar', ['-x', '-C', into], { input: tar });
  const chart = join(into, 'charts', 'datadog');
  for (const f of ['requirements.yaml', 'requirements.lock', 'Chart.lock', 'charts']) rmSync(join(chart, f), { recursive: true, force: true });
  const meta = parse(execFileSync('cat', [join(chart, 'Chart.yaml')], { encoding: 'utf8' })) as Record<string, unknown>;
  delete meta.dependencies;
  writeFileSync(join(chart, 'Chart.yaml'), stringify(meta));
  return chart;
}

async function oracle(t: Test): Promise<void> {
  const helm = await ensureHelm(HELM_VERSIONS[0]);
  const work = mkdtempSync(join(tmpdir(), 'dd-lint-oracle-'));
  t.teardown(() => rmSync(work, { recursive: true, force: true }));
  const repo = join(work, 'history.git');
  execFileSync('git', ['clone', '-q', '--bare', BUNDLE, repo], { stdio: 'ignore' });
  const home = join(work, 'home');
  const env = { ...process.env, HELM_CACHE_HOME: home, HELM_CONFIG_HOME: home, HELM_DATA_HOME: home, KUBECONFIG: join(home, 'kubeconfig') };
  let renders = 0;
  const render = async (chart: string, values: JsonObject, name: string): Promise<string> => {
    const file = join(dirname(chart), `${name}-${renders}.json`);
    writeFileSync(file, JSON.stringify(values));
    renders++;
    const r = await run(helm, ['template', 'datadog', chart, '--namespace', 'datadog', '-f', file], env);
    if (r.code !== 0) return `render error: ${r.stderr.trim()}`;
    // The chart makes up an install id and time per rendering.
    return r.stdout.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '<uuid>').replace(/install_time: "?\d+"?/g, 'install_time: <time>');
  };

  const tally = { unknownIgnored: 0, unknownMatters: 0, knownMatters: 0, knownDeclared: 0, knownNoEffect: 0, ignoredTotal: 0 };
  const falseUnknown: string[] = [];
  const knownNoEffect: string[] = [];
  const started = Date.now();
  t.ok(VERSIONS.every((v) => chartVersions().includes(v)), 'the sample is bundled');
  t.ok(VERSIONS.some((v) => v.startsWith('2.')) && VERSIONS.some((v) => v.startsWith('3.')), 'the sample spans 2.x and 3.x');
  for (const [n, version] of VERSIONS.entries()) {
    const chart = extractChart(repo, version, join(work, version));
    const { values: defaults } = await chartDefaults(version);
    const base: JsonObject = structuredClone(defaults);
    setAt(base, ['datadog', 'apiKey'], SECRET);
    setAt(base, ['clusterAgent', 'token'], SECRET);
    const changes = changesFor(version, defaults, random(1000 + n));
    const all = structuredClone(base);
    for (const c of changes) setAt(all, c.path, c.value);
    const withAll = await render(chart, all, 'all');
    t.notMatch(withAll, /^render error/, `${version}: the changed values render`);
    const called = new Set(unknownKeys({ files: ['values.json'], user: all, values: all, chartVersion: version, locations: new Map(), duplicates: [] }).map((u) => u.path));
    const calledUnknown = (p: string[]) => p.some((_, i) => called.has(p.slice(0, i + 1).join('.')));
    // Two renderings at a time (helm is single-threaded).
    const verdicts = await inPairs(changes, async (c) => {
      // A key read only when its feature is on (`clusterChecksRunner.enabled`) is judged with the feature on.
      const context = enabling(defaults, c.path);
      const withIt = structuredClone(all);
      for (const p of context) setAt(withIt, p, true);
      const without = structuredClone(withIt);
      deleteAt(without, c.path);
      const reference = context.length > 0 ? await render(chart, withIt, 'with') : withAll;
      const matters = (await render(chart, without, 'without')) !== reference;
      return { c, matters };
    });
    for (const { c, matters } of verdicts) {
      if (!matters) tally.ignoredTotal++;
      const label = `${version} ${c.kind} ${c.path.join('.')}`;
      if (calledUnknown(c.path)) {
        if (matters) falseUnknown.push(label);
        tally[matters ? 'unknownMatters' : 'unknownIgnored']++;
      } else if (matters) tally.knownMatters++;
      else if (getAt(defaults, c.path) !== undefined) tally.knownDeclared++;
      else {
        tally.knownNoEffect++;
        knownNoEffect.push(label);
      }
    }
  }
  const calledUnknownTotal = tally.unknownIgnored + tally.unknownMatters;
  const precision = calledUnknownTotal === 0 ? 1 : tally.unknownIgnored / calledUnknownTotal;
  const recall = tally.ignoredTotal === 0 ? 1 : tally.unknownIgnored / tally.ignoredTotal;
  t.comment(
    `${VERSIONS.length} versions, ${renders} helm renderings in ${((Date.now() - started) / 1000).toFixed(0)} s; ` +
      `called unknown: ${calledUnknownTotal} (${tally.unknownIgnored} ignored by helm, ${tally.unknownMatters} not); ` +
      `called known: ${tally.knownMatters} matter, ${tally.knownNoEffect} without effect; ` +
      `precision ${(precision * 100).toFixed(1)}%, recall ${(recall * 100).toFixed(1)}% of the ${tally.ignoredTotal} keys helm ignored`,
  );
  t.same(falseUnknown, [], 'every key dd-lint calls unknown leaves the rendering byte-identical when removed');
  // Known keys the templates read only under other conditions (Windows, a probe kind) show no effect here:
  // they are listed, and must stay a minority of the known keys.
  t.comment(`called known without effect: ${knownNoEffect.join(', ') || 'none'}`);
  const knownTotal = tally.knownMatters + tally.knownNoEffect;
  t.ok(knownTotal > 0 && tally.knownMatters / knownTotal >= 0.6, `most changed keys dd-lint calls known change the rendering (${tally.knownMatters} of ${knownTotal})`);
  t.ok(calledUnknownTotal >= 10 * VERSIONS.length * 0.5, `enough keys were judged unknown to measure (${calledUnknownTotal})`);

  // The image version guards (chart-render-failure): helm fails exactly where dd-lint says it will.
  const TAGS: [string, string][] = [
    ['agents.image.tag', '7.18.0'],
    ['agents.image.tag', '7.35.1'],
    ['agents.image.tag', '7.36.0-rc.1'],
    ['agents.image.tag', '6.30.0-jmx'],
    ['agents.image.tag', '7.20.0-rc.1'],
    ['clusterAgent.image.tag', '1.19.0'],
    ['clusterAgent.image.tag', '1.20.0'],
  ];
  const disagreements: string[] = [];
  for (const version of VERSIONS) {
    const chart = join(work, version, 'charts', 'datadog');
    await inPairs(TAGS, async ([path, tag]) => {
      const values = { datadog: { apiKey: SECRET }, clusterAgent: { token: SECRET } };
      setAt(values, path.split('.'), tag);
      const helmRefuses = /requires an? (agent|cluster agent) image/.test(await render(chart, values, 'guard'));
      const findings = await lintExample({ values: stringify(values), chartVersion: version });
      const ddLintRefuses = findings.some((f) => f.ruleId === 'chart-render-failure' && f.message.includes(`image tag ${tag} `));
      if (helmRefuses !== ddLintRefuses) disagreements.push(`${version} ${path}=${tag}: helm ${helmRefuses ? 'fails' : 'renders'}, dd-lint says it ${ddLintRefuses ? 'fails' : 'renders'}`);
    });
  }
  t.same(disagreements, [], `helm and dd-lint agree on the image guards (${VERSIONS.length * TAGS.length} cases)`);
}

t.setTimeout(600_000); // a few hundred helm renderings
t.test(
  'helm agrees with what dd-lint calls unknown, over a sample of chart versions',
  { skip: existsSync(BUNDLE) ? false : `needs the chart history at ${BUNDLE} (the chart templates are not in the repository)` },
  oracle,
);
