/** What the webhook asks of the cluster context, whatever feeds it. */
import type { Model } from '../../src/model/types.js';

export interface CacheState {
  /** `daemonsets`, `secret datadog/datadog-cluster-agent`. */
  resource: string;
  /** Listed at least once: the cache holds the cluster's state. */
  synced: boolean;
  /** The last list or watch failed: the cache serves what it last saw. */
  stale: boolean;
  objects: number;
  /** The last resourceVersion the cache has seen (list, event or bookmark). */
  resourceVersion: string;
  error?: string;
}

export interface ClusterContext {
  /** Where it reads the cluster from (`kubeconfig /home/me/.kube/config`, `in-cluster`). */
  readonly source: string;
  /** What the cluster runs that rules read (agent workloads, Services, token Secrets). */
  model(): Model;
  /** Every cache listed at least once. */
  synced(): boolean;
  state(): CacheState[];
  start(): void;
  stop(): Promise<void>;
}
