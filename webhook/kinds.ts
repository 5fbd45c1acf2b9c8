/**
 * What the webhook is asked about: the ONE list of handled kinds and operations. The chart's
 * ValidatingWebhookConfiguration rules and the webhook's RBAC are derived from these lists, so a
 * kind handled here is a kind the API server sends, and a resource watched here is one it may read.
 */

import { POLICY_MODULES } from '../src/rules/registry.generated.js';
import { ADMITTED_KINDS } from '../src/adapters/registry.js';

export type Operation = 'CREATE' | 'UPDATE' | 'DELETE' | 'CONNECT';

export interface HandledKind {
  kind: string;
  /** API group ('' is the core group). */
  group: string;
  version: string;
  /** The resource name in webhook rules and RBAC (plural, lower case). */
  resource: string;
}

/** Operations the webhook registers for. DELETE is answered (allowed) but not registered: nothing to lint. */
export const HANDLED_OPERATIONS: readonly Operation[] = ['CREATE', 'UPDATE'];

/**
 * The resources the webhook can be registered for. It evaluates those whose kind some policy's
 * scope names (src/rules/<id>.ts); Roles and bindings, which only the RBAC policy reads, are judged
 * from manifests and releases but not admitted one by one.
 */
const ADMISSIBLE: readonly HandledKind[] = [
  { kind: 'Pod', group: '', version: 'v1', resource: 'pods' },
  { kind: 'Service', group: '', version: 'v1', resource: 'services' },
  { kind: 'Secret', group: '', version: 'v1', resource: 'secrets' },
  { kind: 'Deployment', group: 'apps', version: 'v1', resource: 'deployments' },
  { kind: 'DaemonSet', group: 'apps', version: 'v1', resource: 'daemonsets' },
  { kind: 'StatefulSet', group: 'apps', version: 'v1', resource: 'statefulsets' },
  { kind: 'ReplicaSet', group: 'apps', version: 'v1', resource: 'replicasets' },
  { kind: 'Job', group: 'batch', version: 'v1', resource: 'jobs' },
  { kind: 'CronJob', group: 'batch', version: 'v1', resource: 'cronjobs' },
];

const SCOPED_KINDS = new Set(Object.values(POLICY_MODULES).flatMap((m) => m.scope.kinds));

/**
 * Kinds the webhook evaluates: those a policy judges, and the wrappers an input adapter reads (an
 * Argo CD Application, a Flux HelmRelease of the datadog chart). Helm release Secrets (type
 * helm.sh/release.v1) arrive as Secrets.
 */
export const HANDLED_KINDS: readonly HandledKind[] = [...ADMISSIBLE.filter((k) => SCOPED_KINDS.has(k.kind)), ...ADMITTED_KINDS];

export { HELM_RELEASE_SECRET_TYPE } from '../src/load/helm-release.js';

export interface WatchedResource extends HandledKind {
  /** Why the cache holds it (for the docs and the RBAC comment). */
  why: string;
  /** Watched by name only (list/watch with a metadata.name field selector; RBAC can then use resourceNames). */
  byName?: boolean;
}

/**
 * What the cluster context caches (get, list, watch: nothing else). Secrets are watched one by
 * one, by name, and only those that hold the cluster-agent token.
 */
export const WATCHED_RESOURCES: readonly WatchedResource[] = [
  { kind: 'DaemonSet', group: 'apps', version: 'v1', resource: 'daemonsets', why: 'node agent workloads (ports, hostNetwork, token references)' },
  { kind: 'Deployment', group: 'apps', version: 'v1', resource: 'deployments', why: 'the cluster agent, and node agents run as Deployments' },
  { kind: 'Service', group: '', version: 'v1', resource: 'services', why: 'agent Services by namespace, NodePorts' },
  { kind: 'Secret', group: '', version: 'v1', resource: 'secrets', why: 'the cluster-agent token Secrets the agents reference', byName: true },
];

export function handledKind(kind: string): HandledKind | undefined {
  return HANDLED_KINDS.find((k) => k.kind === kind);
}
