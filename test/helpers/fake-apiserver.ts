/**
 * A small Kubernetes API server for the webhook's informer tests, on 127.0.0.1 only: list and
 * watch (chunked JSON lines: ADDED, MODIFIED, DELETED, and a BOOKMARK to every other watch after
 * each change, so a test can wait until every cache has seen a given resourceVersion) for the
 * resources the cluster context reads. Like an RBAC setup restricted with resourceNames, it refuses
 * to list or watch Secrets without a metadata.name field selector (or, for Helm release Secrets,
 * an owner=helm label selector).
 *
 * And what the webhook writes: get, create (POST), replace (PUT, refused with 409 when the
 * resourceVersion is not the current one), patch (merge patch, JSON patch with `test`) and delete
 * of one object by name, for Secrets, Leases, ValidatingWebhookConfigurations and PolicyReports.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

type Obj = { kind?: string; apiVersion?: string; metadata: { name: string; namespace?: string; resourceVersion?: string }; [k: string]: unknown };

interface Event {
  rv: number;
  resource: string;
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  object: Obj;
}

interface Watcher {
  resource: string;
  namespace?: string;
  name?: string;
  res: http.ServerResponse;
}

/** resource → [apiVersion, kind] */
const RESOURCES: Record<string, [string, string]> = {
  daemonsets: ['apps/v1', 'DaemonSet'],
  deployments: ['apps/v1', 'Deployment'],
  services: ['v1', 'Service'],
  secrets: ['v1', 'Secret'],
  pods: ['v1', 'Pod'],
  statefulsets: ['apps/v1', 'StatefulSet'],
  replicasets: ['apps/v1', 'ReplicaSet'],
  jobs: ['batch/v1', 'Job'],
  cronjobs: ['batch/v1', 'CronJob'],
  leases: ['coordination.k8s.io/v1', 'Lease'],
  validatingwebhookconfigurations: ['admissionregistration.k8s.io/v1', 'ValidatingWebhookConfiguration'],
  policyreports: ['wgpolicyk8s.io/v1alpha2', 'PolicyReport'],
  clusterpolicyreports: ['wgpolicyk8s.io/v1alpha2', 'ClusterPolicyReport'],
};

export function resourceOfKind(kind: string): string | undefined {
  return Object.entries(RESOURCES).find(([, [, k]]) => k === kind)?.[0];
}

const PATH = /^\/(?:api\/v1|apis\/[^/]+\/[^/]+)(?:\/namespaces\/([^/]+))?\/([a-z]+)(?:\/([^/]+))?$/;

export class FakeApiServer {
  rv = 1;
  /** Resources whose CRD is not installed: every request about them is a 404. */
  readonly unserved = new Set<string>();
  /** Secret names RBAC grants (resourceNames); undefined: any name. */
  secretNames: Set<string> | undefined;
  readonly requests: { method: string; path: string; watch: boolean; fieldSelector?: string; labelSelector?: string }[] = [];
  private readonly objects = new Map<string, Map<string, Obj>>();
  private readonly history: Event[] = [];
  private readonly watchers = new Set<Watcher>();
  private server: http.Server | undefined;
  private port = 0;

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const server = http.createServer((req, res) => this.handle(req, res));
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  /** Stop answering (the API server is unreachable): open watches are cut, new connections refused. */
  async stop(): Promise<void> {
    for (const w of this.watchers) w.res.destroy();
    this.watchers.clear();
    const server = this.server;
    this.server = undefined;
    if (server) {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  }

  /** Create or replace an object (kind decides the resource). Returns its resourceVersion. */
  apply(object: Obj): number {
    const resource = resourceOfKind(String(object.kind));
    if (!resource) throw new Error(`fake API server: kind ${object.kind} is not served`);
    const [apiVersion, kind] = RESOURCES[resource]!;
    const key = `${object.metadata.namespace ?? ''}/${object.metadata.name}`;
    const store = this.objects.get(resource) ?? new Map<string, Obj>();
    this.objects.set(resource, store);
    const type = store.has(key) ? 'MODIFIED' : 'ADDED';
    const rv = ++this.rv;
    const stored: Obj = { ...structuredClone(object), apiVersion, kind, metadata: { ...structuredClone(object.metadata), resourceVersion: String(rv) } };
    store.set(key, stored);
    this.emit({ rv, resource, type, object: stored });
    return rv;
  }

  delete(kind: string, namespace: string, name: string): number {
    const resource = resourceOfKind(kind)!;
    const store = this.objects.get(resource);
    const old = store?.get(`${namespace}/${name}`);
    if (!store || !old) return this.rv;
    store.delete(`${namespace}/${name}`);
    const rv = ++this.rv;
    this.emit({ rv, resource, type: 'DELETED', object: { ...old, metadata: { ...old.metadata, resourceVersion: String(rv) } } });
    return rv;
  }

  /** The stored object (what the webhook wrote), or undefined. */
  get(kind: string, namespace: string, name: string): Obj | undefined {
    const found = this.objects.get(resourceOfKind(kind)!)?.get(`${namespace}/${name}`);
    return found ? structuredClone(found) : undefined;
  }

  /** Every stored object of a kind. */
  list(kind: string): Obj[] {
    return [...(this.objects.get(resourceOfKind(kind)!)?.values() ?? [])].map((o) => structuredClone(o));
  }

  /** Delete everything (between test cases). */
  clear(): number {
    for (const [resource, store] of this.objects) {
      for (const obj of [...store.values()]) this.delete(RESOURCES[resource]![1], obj.metadata.namespace ?? '', obj.metadata.name);
    }
    return this.rv;
  }

  private emit(event: Event): void {
    this.history.push(event);
    for (const w of this.watchers) {
      if (this.matches(w, event.resource, event.object)) write(w.res, { type: event.type, object: event.object });
      else write(w.res, { type: 'BOOKMARK', object: { kind: RESOURCES[w.resource]![1], apiVersion: RESOURCES[w.resource]![0], metadata: { resourceVersion: String(event.rv) } } });
    }
  }

  private matches(w: { resource: string; namespace?: string; name?: string; labels?: Record<string, string> }, resource: string, object: Obj): boolean {
    const labels = (object.metadata as { labels?: Record<string, string> }).labels ?? {};
    return (
      w.resource === resource &&
      (!w.namespace || object.metadata.namespace === w.namespace) &&
      (!w.name || object.metadata.name === w.name) &&
      Object.entries(w.labels ?? {}).every(([k, v]) => labels[k] === v)
    );
  }

  /** GET, POST, PUT, PATCH of one object: what the webhook writes. */
  private async write(req: http.IncomingMessage, res: http.ServerResponse, resource: string, namespace: string | undefined, name: string | undefined): Promise<void> {
    const [, kind] = RESOURCES[resource]!;
    const store = this.objects.get(resource);
    const key = `${namespace ?? ''}/${name ?? ''}`;
    const current = name ? store?.get(key) : undefined;
    if (req.method === 'GET') return current ? json(res, 200, current) : json(res, 404, { kind: 'Status', code: 404, message: `${resource} "${name}" not found` });
    if (req.method === 'DELETE') {
      if (!current) return json(res, 404, { kind: 'Status', code: 404, message: `${resource} "${name}" not found` });
      this.delete(kind, namespace ?? '', name!);
      return json(res, 200, { kind: 'Status', status: 'Success' });
    }
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    let body: unknown;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      return json(res, 400, { kind: 'Status', code: 400, message: 'not JSON' });
    }
    const conflict = () => json(res, 409, { kind: 'Status', code: 409, message: `Operation cannot be fulfilled on ${resource} "${name}": the object has been modified` });
    let next: Obj;
    if (req.method === 'POST') {
      next = body as Obj;
      if (store?.has(`${namespace ?? ''}/${next.metadata.name}`)) return json(res, 409, { kind: 'Status', code: 409, message: `${resource} "${next.metadata.name}" already exists` });
    } else if (!current) return json(res, 404, { kind: 'Status', code: 404, message: `${resource} "${name}" not found` });
    else if (req.method === 'PUT') {
      next = body as Obj;
      if (next.metadata.resourceVersion && next.metadata.resourceVersion !== current.metadata.resourceVersion) return conflict();
    } else if (req.method === 'PATCH' && req.headers['content-type'] === 'application/json-patch+json') {
      next = structuredClone(current);
      for (const op of body as { op: string; path: string; value?: unknown }[]) {
        const parts = op.path.split('/').slice(1);
        let node = next as unknown as Record<string, unknown>;
        for (const p of parts.slice(0, -1)) node = node[p] as Record<string, unknown>;
        const last = parts[parts.length - 1]!;
        if (op.op === 'test' && JSON.stringify(node[last]) !== JSON.stringify(op.value)) return conflict();
        if (op.op === 'add' || op.op === 'replace') node[last] = op.value;
      }
    } else if (req.method === 'PATCH' && req.headers['content-type'] === 'application/merge-patch+json') {
      const patch = body as Obj;
      if (patch.metadata?.resourceVersion && patch.metadata.resourceVersion !== current.metadata.resourceVersion) return conflict();
      next = mergePatch(current, patch) as Obj;
    } else return json(res, 415, { kind: 'Status', code: 415, message: 'unsupported' });
    const stored = { ...next, kind, metadata: { ...next.metadata, ...(namespace ? { namespace } : {}) } };
    this.apply(stored);
    json(res, req.method === 'POST' ? 201 : 200, this.objects.get(resource)!.get(`${namespace ?? ''}/${stored.metadata.name}`));
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://fake');
    const m = PATH.exec(url.pathname);
    const watch = url.searchParams.get('watch') === 'true' || url.searchParams.get('watch') === '1';
    const fieldSelector = url.searchParams.get('fieldSelector') ?? undefined;
    this.requests.push({ method: req.method ?? 'GET', path: url.pathname, watch, ...(fieldSelector ? { fieldSelector } : {}) });
    const labelSelector = url.searchParams.get('labelSelector') ?? undefined;
    if (labelSelector) this.requests[this.requests.length - 1]!.labelSelector = labelSelector;
    if (!m || !RESOURCES[m[2]!] || this.unserved.has(m[2]!)) return json(res, 404, { kind: 'Status', code: 404, message: 'the server could not find the requested resource' });
    const resource = m[2]!;
    const namespace = m[1];
    if (m[3] || req.method !== 'GET') {
      void this.write(req, res, resource, namespace, m[3]);
      return;
    }
    const name = /^metadata\.name=(.+)$/.exec(fieldSelector ?? '')?.[1];
    const labels = labelSelector ? Object.fromEntries(labelSelector.split(',').map((kv) => kv.split('=') as [string, string])) : undefined;
    if (resource === 'secrets' && !name && labels?.owner !== 'helm') {
      return json(res, 403, { kind: 'Status', code: 403, message: 'secrets is forbidden: list and watch only with a metadata.name field selector (resourceNames)' });
    }
    if (resource === 'secrets' && this.secretNames && !this.secretNames.has(name!)) {
      return json(res, 403, { kind: 'Status', code: 403, message: `secrets "${name}" is forbidden` });
    }
    const filter = { resource, ...(namespace ? { namespace } : {}), ...(name ? { name } : {}), ...(labels ? { labels } : {}) };
    const [apiVersion, kind] = RESOURCES[resource]!;
    if (!watch) {
      const items = [...(this.objects.get(resource)?.values() ?? [])]
        .filter((o) => this.matches(filter, resource, o))
        .map((o) => {
          const { kind: _k, apiVersion: _a, ...item } = o; // list items carry no kind/apiVersion, as from a real API server
          return item;
        });
      return json(res, 200, { kind: `${kind}List`, apiVersion, metadata: { resourceVersion: String(this.rv) }, items });
    }
    const since = Number(url.searchParams.get('resourceVersion') || '0');
    res.writeHead(200, { 'content-type': 'application/json', 'transfer-encoding': 'chunked' });
    res.flushHeaders();
    const watcher: Watcher = { ...filter, res };
    for (const e of this.history) if (e.rv > since && this.matches(filter, e.resource, e.object)) write(res, { type: e.type, object: e.object });
    this.watchers.add(watcher);
    res.on('close', () => this.watchers.delete(watcher));
  }
}

/** RFC 7386. */
function mergePatch(target: unknown, patch: unknown): unknown {
  if (!patch || typeof patch !== 'object' || Array.isArray(patch)) return patch;
  const out: Record<string, unknown> = target && typeof target === 'object' && !Array.isArray(target) ? { ...(target as Record<string, unknown>) } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

function write(res: http.ServerResponse, event: unknown): void {
  if (!res.destroyed) res.write(`${JSON.stringify(event)}\n`);
}

function json(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
