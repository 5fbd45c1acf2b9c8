/**
 * The fail-guard parity examples (test/fixtures/chart-fails/) and dd-lint's verdict on them, shared
 * by the fast test (against helm's recorded verdicts) and the oracle (against helm itself).
 * A verdict is `renders`, `schema` (helm's values.schema.json check fails) or the fingerprint of the
 * `fail` call helm stops at; dd-lint's verdict is the set of what it predicts.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { FAIL_GUARDS, FAILS_REPORTED_BY_NOTICES, failRuns } from '../../src/chart/fail-guards.js';
import { chartVersions } from '../../src/chart/history.js';
import { schemaRuns } from '../../src/chart/chart-schema.js';
import type { JsonObject } from '../../src/json.js';
import { repoRoot } from './helm.js';
import { lintExample } from './lint-text.js';

export const SECRET = '0123456789abcdef0123456789abcdef';
const DIR = join(repoRoot(), 'test', 'fixtures', 'chart-fails');
export const OUTCOMES_FILE = join(DIR, 'outcomes.json');

export type Kind = 'fails' | 'renders';
export type Examples = Record<string, Record<Kind, JsonObject>>;
/** guard → kind → chart version → helm's verdict. */
export type Outcomes = Record<string, Record<Kind, Record<string, string>>>;

export const examples = (): Examples => parse(readFileSync(join(DIR, 'examples.yaml'), 'utf8')) as Examples;
export const outcomes = (): Outcomes => JSON.parse(readFileSync(OUTCOMES_FILE, 'utf8')) as Outcomes;
export const writeOutcomes = (o: Outcomes): void => writeFileSync(OUTCOMES_FILE, JSON.stringify(o, null, 1) + '\n');

/** The example's values with what every rendering needs (an API key, a fixed cluster-agent token). */
export function withBase(values: JsonObject): JsonObject {
  const out = structuredClone(values);
  const datadog = (out.datadog ??= {}) as JsonObject;
  datadog.apiKey ??= SECRET;
  const dca = (out.clusterAgent ??= {}) as JsonObject;
  dca.token ??= SECRET;
  return out;
}

/**
 * What the parity tests render: every fail guard (those a notice policy reports too), the values.schema.json examples (`schema-*`) and
 * the guards that never fire (`never-*`, whose "fails" example must render).
 */
export const parityIds = (): string[] => [...FAIL_GUARDS.map((g) => g.id), ...FAILS_REPORTED_BY_NOTICES.map((n) => n.id), ...Object.keys(examples()).filter((k) => /^(schema|never)-/.test(k))];

const NEVER: Record<string, string[]> = { 'never-sbom-without-runtime': ['07bd52733110'] };

/** Up to five bundled versions spread over those holding the guard (or a values schema), oldest and newest included. */
export function versionsFor(id: string): string[] {
  const all = chartVersions();
  const guard = FAIL_GUARDS.find((g) => g.id === id) ?? FAILS_REPORTED_BY_NOTICES.find((n) => n.id === id);
  const runs = id.startsWith('schema-') ? schemaRuns() : guard ? failRuns(guard.fingerprints, 'liveUntil' in guard ? guard.liveUntil : undefined) : failRuns(NEVER[id]!);
  const held = all.filter((_, i) => runs.some((r) => all.indexOf(r.from) <= i && i <= all.indexOf(r.to)));
  if (held.length <= 5) return held;
  return [...new Set([0, 1, 2, 3, 4].map((i) => held[Math.round((i * (held.length - 1)) / 4)]!))];
}

/**
 * The cluster helm renders for: on GKE Autopilot, one that supports Datadog's workload allowlists
 * (GKE 1.32.1-gke.1729000 or later), which chart-render-failure assumes; a guard or notice that
 * assumes another cluster (its `assumes`) is rendered for that one.
 */
const CLUSTER = ['--kube-version', 'v1.32.1-gke.1729000', '--api-versions', 'auto.gke.io/v1/AllowlistSynchronizer', '--api-versions', 'auto.gke.io/v1/WorkloadAllowlist'];
const ASSUMED_CLUSTERS: Record<string, string[]> = {
  'autopilot-system-probe-gke-version': ['--kube-version', 'v1.31.6-gke.1000000'],
  'operator-migration-without-user-values': [...CLUSTER, '--api-versions', 'datadoghq.com/v2alpha1/DatadogAgent'],
};
export const clusterFor = (id: string): string[] => ASSUMED_CLUSTERS[id] ?? CLUSTER;

/** What dd-lint predicts for values on a chart version: `renders`, or the verdicts helm may stop at. */
export async function ddLintVerdicts(values: JsonObject, version: string): Promise<Set<string>> {
  const all = await lintExample({ values: stringify(values), chartVersion: version });
  const out = new Set<string>();
  // A notice that assumes something of the cluster reports an info; the others report the failure as an error.
  for (const n of FAILS_REPORTED_BY_NOTICES) if (all.some((f) => f.ruleId === n.policy && (n.assumes || f.severity === 'error'))) n.fingerprints.forEach((p) => out.add(p));
  for (const f of all.filter((f) => f.ruleId === 'chart-render-failure')) {
    if (f.message.includes('values schema of chart')) out.add('schema');
    for (const g of FAIL_GUARDS) if (f.message.includes(`: ${g.reason};`)) g.fingerprints.forEach((p) => out.add(p));
    if (f.message.includes('refuses the agent image')) ['a1146f1ad03c', 'd10c6883fa47'].forEach((p) => out.add(p));
    if (f.message.includes('refuses the cluster-agent image')) out.add('728d8d99e640');
    if (f.message.includes('has no `name`')) out.add('65e8d8c26a2a');
  }
  return out.size ? out : new Set(['renders']);
}
