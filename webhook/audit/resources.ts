/**
 * What the audit reads besides the cluster context's own resources (webhook/kinds.ts
 * WATCHED_RESOURCES): the other workload kinds, so every app is judged, and the Helm release
 * Secrets of the Datadog release. The chart's audit RBAC is generated from this list
 * (scripts/gen-chart-rules.mjs).
 */
import type { WatchedResource } from '../kinds.js';

export const AUDITED_RESOURCES: readonly WatchedResource[] = [
  { kind: 'Pod', group: '', version: 'v1', resource: 'pods', why: 'bare pods (those a controller owns are judged through their owner)' },
  { kind: 'StatefulSet', group: 'apps', version: 'v1', resource: 'statefulsets', why: 'app workloads' },
  { kind: 'ReplicaSet', group: 'apps', version: 'v1', resource: 'replicasets', why: 'app workloads no Deployment owns' },
  { kind: 'Job', group: 'batch', version: 'v1', resource: 'jobs', why: 'app workloads no CronJob owns' },
  { kind: 'CronJob', group: 'batch', version: 'v1', resource: 'cronjobs', why: 'app workloads' },
];

/** Where the audit writes (wg-policy reports): get to compare, create, update, and delete a namespace's report once nothing in it is judged. */
export const REPORT_RESOURCES = [
  { group: 'wgpolicyk8s.io', resource: 'policyreports', verbs: ['get', 'list', 'create', 'update', 'delete'] },
  { group: 'wgpolicyk8s.io', resource: 'clusterpolicyreports', verbs: ['get', 'create', 'update'] },
] as const;

/** The label selector of the deployed revision's Helm release Secret of a release. */
export const releaseSelector = (release: string): string => `owner=helm,name=${release},status=deployed`;
