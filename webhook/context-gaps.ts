/**
 * No silent allow: the policies that judge an object against other objects (scope.needsCluster)
 * and could not, because the webhook has no cluster context, its caches are not synced yet, or
 * RBAC keeps a Secret they read from it. The admission answer names them in a warning; the audit
 * reports them as `skip` with the same reason.
 */
import type { ActivePolicy } from '../src/engine/active-policies.js';
import { POLICY_MODULES } from '../src/rules/registry.generated.js';
import { WORKLOAD_KINDS } from '../src/rules/define.js';
import type { ClusterContext } from './cluster/context.js';

export type GapReason = 'no-cluster' | 'not-synced' | 'forbidden';

export interface ContextGap {
  policy: string;
  reason: GapReason;
  /** What was missing, in words. */
  missing: string;
}

const scopeOf = (id: string) => (POLICY_MODULES as Record<string, { scope: { kinds: readonly string[]; needsCluster?: true } } | undefined>)[id]?.scope;

/**
 * The policies among `policies` that judge `kind` with other objects and lack them. Only workloads
 * are said to be unjudged: a Service or Secret is the "other object" a workload is judged against,
 * and is judged (or said not to be) when that workload is.
 */
export function contextGaps(kind: string, policies: readonly ActivePolicy[], cluster: ClusterContext | undefined): ContextGap[] {
  if (!(WORKLOAD_KINDS as readonly string[]).includes(kind)) return [];
  const wanted = policies.map((p) => p.policy.id).filter((id) => {
    const scope = scopeOf(id);
    return scope?.needsCluster === true && scope.kinds.includes(kind);
  });
  if (wanted.length === 0) return [];
  if (!cluster) return wanted.map((policy) => ({ policy, reason: 'no-cluster', missing: 'no cluster context (--no-cluster, or no kubeconfig)' }));
  if (!cluster.synced()) return wanted.map((policy) => ({ policy, reason: 'not-synced', missing: 'the cluster cache is not synced yet' }));
  const forbidden = cluster
    .state()
    .filter((s) => s.error?.startsWith('forbidden by RBAC'))
    .map((s) => s.resource.replace(/^secret /, ''));
  if (forbidden.length === 0) return [];
  return wanted
    .filter((id) => scopeOf(id)!.kinds.includes('Secret'))
    .map((policy) => ({ policy, reason: 'forbidden', missing: `Secret ${forbidden.join(', ')} is not readable (RBAC: add its name to clusterContext.tokenSecretNames)` }));
}

/** Warnings naming the policies by reason, each within `maxRunes` (the API server's limit per warning). */
export function gapWarnings(gaps: readonly ContextGap[], maxRunes: number): string[] {
  const byMissing = new Map<string, string[]>();
  for (const g of gaps) byMissing.set(g.missing, [...(byMissing.get(g.missing) ?? []), g.policy]);
  const out: string[] = [];
  for (const [missing, ids] of byMissing) {
    const text = (list: string[]) => `dd-lint could not judge ${list.join(', ')}: ${missing}.`;
    let batch: string[] = [];
    for (const id of ids) {
      if (batch.length > 0 && [...text([...batch, id])].length > maxRunes) {
        out.push(text(batch));
        batch = [];
      }
      batch.push(id);
    }
    out.push(text(batch));
  }
  return out;
}
