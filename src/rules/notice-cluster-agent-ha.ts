/**
 * The chart's "Cluster-Agent should be deployed in high availability mode" banner, reported only
 * when the user made it theirs. The chart prints it on its own defaults (admission controller on,
 * one replica, no PodDisruptionBudget): reported on those alone it would ride along on every run.
 * So it needs a key the user wrote with a value other than the chart's: the metrics provider on,
 * the admission controller's failurePolicy `Fail` (then a warning), or replicas / a budget that
 * still leave the Cluster Agent without high availability.
 */
import { definePolicy } from './define.js';
import type { RuleHit } from '../model/finding.js';
import { releasesPrinting, valueAt } from './facts/notices.js';
import { locate, type ValuesRelease } from '../load/values.js';
import { goTruthy } from '../model/from-values/go-truthy.js';

const BANNER = 'Cluster-Agent should be deployed in high availability mode';
const ENABLED = 'clusterAgent.enabled';
const ADMISSION = 'clusterAgent.admissionController.enabled';
const FAILURE_POLICY = 'clusterAgent.admissionController.failurePolicy';
const METRICS = 'clusterAgent.metricsProvider.enabled';
const REPLICAS = 'clusterAgent.replicas';
const PDB = 'clusterAgent.pdb.create';
const LEGACY_PDB = 'clusterAgent.createPodDisruptionBudget';

/** sprig's `int`: numbers truncated, integer strings parsed, true is 1, anything else 0. */
function goInt(value: unknown): number {
  if (typeof value === 'number') return Math.trunc(value);
  if (typeof value === 'string') return /^\s*[+-]?\d+\s*$/.test(value) ? Number.parseInt(value, 10) : 0;
  return value === true ? 1 : 0;
}

/**
 * The keys, in the order a finding prefers them, whose written value makes the recommendation the
 * user's. The chart's values in every version printing the banner (3.138.2 on) are one replica, no
 * budget, the metrics provider off and failurePolicy Ignore: a full copy of values.yaml writes
 * exactly those and makes nothing the user's.
 */
const OWN: [path: string, theirs: (value: unknown) => boolean][] = [
  [REPLICAS, (v) => goInt(v) !== 1],
  [PDB, goTruthy],
  [LEGACY_PDB, goTruthy],
  [FAILURE_POLICY, (v) => v === 'Fail'],
  [METRICS, goTruthy],
];

function userKey(r: ValuesRelease): string | undefined {
  return OWN.find(([path, theirs]) => {
    const value = valueAt(r.user, path);
    return value !== undefined && theirs(value);
  })?.[0];
}

export default definePolicy({
  id: 'notice-cluster-agent-ha',
  severity: 'info',
  category: 'reliability',
  scope: { reads: 'values', kinds: [] },
  messages: {
    single: ({ features, state, effect }: { features: string; state: string; effect: string }) =>
      `${features} on the Cluster Agent, which runs ${state}: a crash or a node drain can leave none running, ${effect}; run 2 replicas or more with \`clusterAgent.pdb.create: true\``,
  },
  check: (model, { messages }): RuleHit[] =>
    releasesPrinting(model.releases, BANNER).flatMap((r) => {
      const admission = goTruthy(valueAt(r.values, ADMISSION));
      const metrics = goTruthy(valueAt(r.values, METRICS));
      const replicas = goInt(valueAt(r.values, REPLICAS));
      const budget = goTruthy(valueAt(r.values, LEGACY_PDB)) || goTruthy(valueAt(r.values, PDB));
      if (!(admission || metrics) || (replicas > 1 && budget)) return [];
      // The chart prints it with the Cluster Agent off too; there is nothing then to make highly available.
      if (!goTruthy(valueAt(r.values, ENABLED))) return [];
      const at = userKey(r);
      if (at === undefined) return [];
      const refuses = admission && valueAt(r.values, FAILURE_POLICY) === 'Fail';
      const features = [admission ? 'the admission controller' : '', metrics ? 'the external metrics provider' : ''].filter(Boolean);
      const message = messages.single({
        features: `${features.join(' and ').replace(/^t/, 'T')} depend${features.length > 1 ? '' : 's'}`,
        state: `${replicas} replica${replicas === 1 ? '' : 's'} ${budget ? 'with' : 'without'} a PodDisruptionBudget`,
        effect: refuses
          ? "and with the admission controller's failurePolicy Fail the API server then refuses to create the pods it mutates, in every namespace"
          : [admission ? 'pods then start without the injected configuration' : '', metrics ? 'HPAs on Datadog metrics stop scaling' : ''].filter(Boolean).join(' and '),
      });
      return [{ message, origin: locate(r, at.split('.')), ...(refuses ? { severity: 'warning' as const } : {}) }];
    }),
});
