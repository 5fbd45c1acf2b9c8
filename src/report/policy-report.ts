/**
 * Findings as wg-policy `wgpolicyk8s.io/v1alpha2` reports, the resources Kyverno writes and
 * policy-reporter reads. A pure function of the findings and a clock, shared by the CLI's
 * `--format policyreport` and a cluster audit.
 *
 * - One PolicyReport named `dd-lint` per namespace of the objects findings are about, and one
 *   ClusterPolicyReport named `dd-lint` (always, even empty, so a run with nothing to report still
 *   applies and shows that it ran) for findings about cluster-scoped objects and findings about no
 *   object at all: a values file, a `--set` argument. Those describe the Helm release as a whole,
 *   not any one object in a namespace. All labelled `app.kubernetes.io/managed-by: dd-lint`.
 * - One result per object and policy (policy-reporter and Kyverno key results on policy, rule and
 *   resource): `policy` and `rule` are the policy id (a dd-lint policy is one rule); when one object
 *   fails a policy more than once (two containers), the messages are joined with `; ` and the
 *   result takes the worst severity. Findings without an object: one result each.
 * - result / severity / scored: error → fail / high / true; warning → warn / medium / false;
 *   info → warn / info / false (an info finding is still something to look at, and `warn` is the
 *   CRD's "requirements not met, not scored"; the severity tells it apart); suppressed by a
 *   `# dd-lint-disable` comment or the `dd-lint.io/ignore` annotation → skip (as Kyverno reports a
 *   resource a PolicyException covers), with the reason in `properties.justification`.
 * - properties (strings): `location` (`file:line:column`, relative to `cwd`; a `--set` argument is
 *   named with secrets masked), `container` and `valuesPath` when known.
 * - category: the policy's category; source: `dd-lint`; timestamp: `now` (seconds, nanos 0).
 * - summary: counts of the report's results by outcome (pass is always 0: passing checks are not
 *   listed).
 * - Order: the ClusterPolicyReport, then PolicyReports by namespace; results sorted like stylish.
 */
import type { Finding, Severity } from '../model/finding.js';
import type { ObjectRef } from '../model/types.js';
import type { Policy } from '../policy/types.js';
import { displayFile, inFile, sortFindings } from './common.js';

export const POLICY_REPORT_API_VERSION = 'wgpolicyk8s.io/v1alpha2';
const REPORT_NAME = 'dd-lint';

export type PolicyResult = 'pass' | 'fail' | 'warn' | 'error' | 'skip';
export type PolicyResultSeverity = 'critical' | 'high' | 'medium' | 'low' | 'info';

export interface ObjectReference {
  apiVersion?: string;
  kind: string;
  name: string;
  namespace?: string;
}

export interface PolicyReportResult {
  source: 'dd-lint';
  policy: string;
  rule: string;
  category?: string;
  severity: PolicyResultSeverity;
  timestamp: { seconds: number; nanos: number };
  result: PolicyResult;
  scored: boolean;
  resources?: ObjectReference[];
  message: string;
  properties: Record<string, string>;
}

export interface PolicyReport {
  apiVersion: typeof POLICY_REPORT_API_VERSION;
  kind: 'PolicyReport' | 'ClusterPolicyReport';
  metadata: { name: string; namespace?: string; labels: Record<string, string> };
  summary: Record<PolicyResult, number>;
  results: PolicyReportResult[];
}

export interface PolicyReportOptions {
  /** When the findings were made (each result's timestamp). */
  now: Date;
  /** Files in `properties.location` are relative to this directory. */
  cwd: string;
  /** The active policies, for each result's category. */
  policies: readonly Policy[];
}

const OUTCOME: Record<Severity, { result: PolicyResult; severity: PolicyResultSeverity; scored: boolean }> = {
  error: { result: 'fail', severity: 'high', scored: true },
  warning: { result: 'warn', severity: 'medium', scored: false },
  info: { result: 'warn', severity: 'info', scored: false },
};
const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** Kinds with no namespace (a manifest's loader gives every object one, `default` when unset). */
const CLUSTER_SCOPED = new Set([
  'Namespace', 'Node', 'PersistentVolume', 'ClusterRole', 'ClusterRoleBinding', 'CustomResourceDefinition', 'StorageClass',
  'PriorityClass', 'MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration', 'APIService', 'RuntimeClass',
]);

/** The apiVersion of the kinds dd-lint reads, so a report's reference resolves in a cluster. */
const API_VERSION: Record<string, string> = {
  Pod: 'v1', Service: 'v1', Secret: 'v1', ConfigMap: 'v1', ServiceAccount: 'v1', Namespace: 'v1', Node: 'v1',
  Deployment: 'apps/v1', DaemonSet: 'apps/v1', StatefulSet: 'apps/v1', ReplicaSet: 'apps/v1',
  Job: 'batch/v1', CronJob: 'batch/v1', Rollout: 'argoproj.io/v1alpha1',
  Role: 'rbac.authorization.k8s.io/v1', RoleBinding: 'rbac.authorization.k8s.io/v1',
  ClusterRole: 'rbac.authorization.k8s.io/v1', ClusterRoleBinding: 'rbac.authorization.k8s.io/v1',
};

function isClusterScoped(ref: ObjectRef): boolean {
  return ref.namespace === '' || CLUSTER_SCOPED.has(ref.kind);
}

function reference(ref: ObjectRef): ObjectReference {
  const apiVersion = API_VERSION[ref.kind];
  return { ...(apiVersion ? { apiVersion } : {}), kind: ref.kind, name: ref.name, ...(isClusterScoped(ref) ? {} : { namespace: ref.namespace }) };
}

function location(f: Finding, cwd: string): string {
  const shown = displayFile(f.location, cwd);
  return inFile(f.location) ? `${shown}:${f.location.line}:${f.location.column}` : shown;
}

/** The outcome of a group of findings about one object and policy: skip only when all are suppressed. */
function outcome(group: readonly Finding[]): { result: PolicyResult; severity: PolicyResultSeverity; scored: boolean } {
  const active = group.filter((f) => !f.suppression);
  if (active.length === 0) return { ...OUTCOME[group[0]!.severity], result: 'skip', scored: false };
  const worst = active.reduce((a, b) => (SEVERITY_RANK[b.severity] < SEVERITY_RANK[a.severity] ? b : a));
  return OUTCOME[worst.severity];
}

function toResult(group: readonly Finding[], options: PolicyReportOptions, categories: ReadonlyMap<string, string>): PolicyReportResult {
  const first = group[0]!;
  const active = group.filter((f) => !f.suppression);
  const shown = active.length > 0 ? active : group;
  const category = categories.get(first.ruleId);
  const properties: Record<string, string> = { location: location(first, options.cwd) };
  if (first.container) properties['container'] = first.container;
  if (first.location.valuesPath) properties['valuesPath'] = first.location.valuesPath;
  if (active.length === 0 && first.suppression?.justification) properties['justification'] = first.suppression.justification;
  return {
    source: 'dd-lint',
    policy: first.ruleId,
    rule: first.ruleId,
    ...(category ? { category } : {}),
    ...outcome(group),
    timestamp: { seconds: Math.floor(options.now.getTime() / 1000), nanos: 0 },
    ...(first.object ? { resources: [reference(first.object)] } : {}),
    message: [...new Set(shown.map((f) => f.message))].join('; '),
    properties,
  };
}

function report(kind: PolicyReport['kind'], namespace: string | undefined, results: PolicyReportResult[]): PolicyReport {
  const summary: Record<PolicyResult, number> = { pass: 0, fail: 0, warn: 0, error: 0, skip: 0 };
  for (const r of results) summary[r.result]++;
  return {
    apiVersion: POLICY_REPORT_API_VERSION,
    kind,
    metadata: { name: REPORT_NAME, ...(namespace !== undefined ? { namespace } : {}), labels: { 'app.kubernetes.io/managed-by': 'dd-lint' } },
    summary,
    results,
  };
}

export function policyReports(findings: readonly Finding[], options: PolicyReportOptions): PolicyReport[] {
  const categories = new Map(options.policies.map((p) => [p.id, p.category]));
  // Groups in sorted order: a group sits where its first finding sorts.
  const groups = new Map<string, Finding[]>();
  for (const [i, f] of sortFindings(findings, options.cwd).entries()) {
    const key = f.object ? JSON.stringify([f.object.kind, f.object.namespace, f.object.name, f.ruleId]) : `#${i}`;
    const group = groups.get(key);
    if (group) group.push(f);
    else groups.set(key, [f]);
  }
  const cluster: PolicyReportResult[] = [];
  const byNamespace = new Map<string, PolicyReportResult[]>();
  for (const group of groups.values()) {
    const ref = group[0]!.object;
    const result = toResult(group, options, categories);
    if (!ref || isClusterScoped(ref)) cluster.push(result);
    else byNamespace.set(ref.namespace, [...(byNamespace.get(ref.namespace) ?? []), result]);
  }
  const namespaces = [...byNamespace.keys()].sort();
  return [report('ClusterPolicyReport', undefined, cluster), ...namespaces.map((ns) => report('PolicyReport', ns, byNamespace.get(ns)!))];
}
