/**
 * The cluster context from @kubernetes/client-node informers (list, then watch): node and cluster
 * agent workloads (DaemonSets, Deployments), Services, and, one by one by name, the Secrets that
 * hold the cluster-agent token (those the cached agents reference, and the chart's default
 * `<release>-cluster-agent`). Requests read the cache only, never the API.
 *
 * RBAC it needs (nothing else): get/list/watch on daemonsets and deployments (apps) and services
 * (core), cluster-wide; get/list/watch on secrets, which may be restricted with resourceNames to
 * the token Secrets: every Secret list and watch carries a metadata.name field selector. With
 * `apps` (the audit) also the other workload kinds (webhook/audit/resources.ts) and list/watch of
 * the Secrets of the Datadog release's namespace (its Helm release Secrets, by label).
 *
 * When a list or watch fails (the API server is unreachable), the cache keeps what it has and
 * says so (state().stale); it retries with a backoff up to 30 s.
 */
import { KubeConfig, ListWatch, Watch, type KubernetesListObject, type KubernetesObject } from '@kubernetes/client-node';
import type { JsonObject } from '../../src/json.js';
import { apiRequest } from './api.js';
import { WATCHED_RESOURCES, type WatchedResource } from '../kinds.js';
import type { CacheState, ClusterContext } from './context.js';
import type { LocatedKubeConfig } from './kubeconfig.js';
import { ClusterStore, secretKey, type SecretName } from './store.js';
import { AUDITED_RESOURCES, releaseSelector } from '../audit/resources.js';

export interface InformerOptions {
  kubeConfig: KubeConfig;
  /** Said at start and in /readyz. */
  source: string;
  /** Token Secrets watched even before an agent references them (the chart's default name). */
  tokenSecrets?: SecretName[];
  /** Also cache app workloads and the Datadog release Secrets (for the audit). */
  apps?: boolean;
  /** With apps: the Datadog releases whose deployed Helm release Secret is watched (a label selector). */
  releases?: SecretName[];
  /** Reported failures (the caller logs them). */
  onError?: (resource: string, error: Error) => void;
  /** First retry delay after a failure (doubles up to maxBackoffMs). */
  backoffMs?: number;
  maxBackoffMs?: number;
}

/** GET a list as raw JSON with the kubeconfig's credentials (typed clients would reshape the objects). */
function listRaw(kc: KubeConfig, path: string, selectors: Selectors): Promise<KubernetesListObject<KubernetesObject>> {
  const query: Record<string, string> = {};
  if (selectors.field) query.fieldSelector = selectors.field;
  if (selectors.label) query.labelSelector = selectors.label;
  return apiRequest(kc, { path, query });
}

interface Selectors {
  field?: string;
  label?: string;
}

/**
 * What the informer itself keeps of an object: its identity and version. The object goes to the
 * store first, which keeps only the model's part of it, so no full object (managedFields, status,
 * a release's gzipped chart) stays in memory.
 */
function stub(o: KubernetesObject): KubernetesObject {
  const m = o.metadata ?? {};
  return { metadata: { name: m.name, namespace: m.namespace, resourceVersion: m.resourceVersion, uid: m.uid } } as KubernetesObject;
}

class ResourceCache {
  synced = false;
  stale = false;
  error: string | undefined;
  private failures = 0;
  private backoff: number;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private readonly informer: ListWatch<KubernetesObject>;

  constructor(
    readonly name: string,
    readonly kind: string,
    path: string,
    private readonly owner: InformerContext,
    selectors: Selectors = {},
    /** A Secret watched by name: when RBAC forbids it, the webhook works without it (and says so). */
    private readonly optional = false,
  ) {
    const kc = owner.options.kubeConfig;
    this.backoff = owner.options.backoffMs ?? 500;
    const store = owner.store;
    // Full objects go to the store as they arrive; the informer keeps stubs (see stub()).
    const list = async () => {
      const listed = await listRaw(kc, path, selectors);
      for (const item of listed.items) store.set(kind, item as unknown as JsonObject);
      return { ...listed, items: listed.items.map(stub) };
    };
    const inner = new Watch(kc);
    const watch = {
      watch: (p: string, params: Record<string, string | number | boolean | undefined>, callback: (phase: string, obj: KubernetesObject, watchObj?: unknown) => void, done: (err: unknown) => void) =>
        inner.watch(
          p,
          params,
          (phase, obj: KubernetesObject, watchObj) => {
            if (phase === 'ADDED' || phase === 'MODIFIED') store.set(kind, obj as unknown as JsonObject);
            callback(phase, phase === 'BOOKMARK' ? obj : stub(obj), watchObj);
          },
          done,
        ),
    } as Watch;
    this.informer = new ListWatch(path, watch, list, false, selectors.label, selectors.field);
    this.informer.on('delete', (o) => store.delete(kind, o as unknown as JsonObject));
    this.informer.on('error', (err) => this.failed(err));
  }

  get objects(): number {
    return this.informer.list().length;
  }

  async run(): Promise<void> {
    if (this.stopped) return;
    const before = this.failures;
    await this.informer.start();
    if (this.failures === before && !this.stopped) {
      this.synced = true;
      this.stale = false;
      this.error = undefined;
      this.backoff = this.owner.options.backoffMs ?? 500;
    }
  }

  private failed(err: unknown): void {
    this.failures++;
    if (this.stopped) return;
    const error = err instanceof Error ? err : new Error(String(err));
    this.error = error.message || String((error as { code?: string }).code ?? 'error');
    if (this.optional && (error as { statusCode?: number }).statusCode === 403) {
      // Least privilege: the webhook's Role may grant only the chart's token Secret by name.
      this.synced = true;
      this.error = `forbidden by RBAC, not watched (${this.error})`;
    } else this.stale = true;
    this.owner.options.onError?.(this.name, error);
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.run().catch((e) => this.failed(e)), this.backoff);
    this.timer.unref();
    this.backoff = Math.min(this.backoff * 2, this.owner.options.maxBackoffMs ?? 30_000);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.informer.stop();
  }

  state(): CacheState {
    return { resource: this.name, synced: this.synced, stale: this.stale, objects: this.objects, resourceVersion: this.informer.latestResourceVersion(), ...(this.error ? { error: this.error } : {}) };
  }
}

const resourcePath = (r: WatchedResource, namespace?: string) =>
  `${r.group ? `/apis/${r.group}/${r.version}` : `/api/${r.version}`}${namespace ? `/namespaces/${namespace}` : ''}/${r.resource}`;

export class InformerContext implements ClusterContext {
  readonly store: ClusterStore;
  readonly source: string;
  private readonly listeners: (() => void)[] = [];
  private readonly caches: ResourceCache[] = [];
  private readonly secrets = new Map<string, ResourceCache>();
  private started = false;

  constructor(readonly options: InformerOptions) {
    this.source = options.source;
    this.store = new ClusterStore(options.apps);
    for (const r of WATCHED_RESOURCES.filter((x) => !x.byName)) this.caches.push(new ResourceCache(r.resource, r.kind, resourcePath(r), this));
    if (options.apps) {
      for (const r of AUDITED_RESOURCES) this.caches.push(new ResourceCache(r.resource, r.kind, resourcePath(r), this));
      const secret = WATCHED_RESOURCES.find((r) => r.byName)!;
      for (const rel of options.releases ?? []) {
        // Optional like the token Secrets: without the grant the audit goes on without the release's values.
        this.caches.push(new ResourceCache(`helm release ${secretKey(rel)}`, secret.kind, resourcePath(secret, rel.namespace), this, { label: releaseSelector(rel.name) }, true));
      }
    }
    this.store.onChange = () => {
      this.reconcileSecrets();
      for (const l of this.listeners) l();
    };
  }

  /** Called after every change of what the store holds. */
  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    for (const c of this.caches) void c.run().catch(() => undefined);
    this.reconcileSecrets();
  }

  /** Watch exactly the token Secrets: the configured ones and those the cached agents read. */
  private reconcileSecrets(): void {
    if (!this.started) return;
    const secret = WATCHED_RESOURCES.find((r) => r.byName)!;
    const wanted = new Map<string, SecretName>();
    for (const s of [...(this.options.tokenSecrets ?? []), ...this.store.tokenSecrets()]) wanted.set(secretKey(s), s);
    for (const [key, s] of wanted) {
      if (this.secrets.has(key)) continue;
      const cache = new ResourceCache(`secret ${key}`, secret.kind, resourcePath(secret, s.namespace), this, { field: `metadata.name=${s.name}` }, true);
      this.secrets.set(key, cache);
      void cache.run().catch(() => undefined);
    }
    for (const [key, cache] of this.secrets) {
      if (wanted.has(key)) continue;
      this.secrets.delete(key);
      void cache.stop();
    }
  }

  model() {
    return this.store.model();
  }

  synced(): boolean {
    return this.all().every((c) => c.synced);
  }

  state(): CacheState[] {
    return this.all().map((c) => c.state());
  }

  async stop(): Promise<void> {
    this.started = false;
    await Promise.all(this.all().map((c) => c.stop()));
  }

  private all(): ResourceCache[] {
    return [...this.caches, ...this.secrets.values()];
  }
}

/** A KubeConfig from what locateKubeConfig found. */
export function loadKubeConfig(found: LocatedKubeConfig): KubeConfig {
  const kc = new KubeConfig();
  if (found.file) kc.loadFromFile(found.file);
  else kc.loadFromCluster();
  return kc;
}
