/**
 * A small Kubernetes API server for the webhook's informer tests, on 127.0.0.1 only: list and
 * watch (chunked JSON lines: ADDED, MODIFIED, DELETED, and a BOOKMARK to every other watch after
 * each change, so a test can wait until every cache has seen a given resourceVersion) for the
 * resources the cluster context reads. Like an RBAC setup restricted with resourceNames, it refuses
 * to list or watch Secrets without a metadata.name field selector.
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
};

export function resourceOfKind(kind: string): string | undefined {
  return Object.entries(RESOURCES).find(([, [, k]]) => k === kind)?.[0];
}

const PATH = /^\/(?:api\/v1|apis\/[^/]+\/[^/]+)(?:\/namespaces\/([^/]+))?\/([a-z]+)$/;

export class FakeApiServer {
  rv = 1;
  /** Secret names RBAC grants (resourceNames); undefined: any name. */
  secretNames: Set<string> | undefined;
  readonly requests: { method: string; path: string; watch: boolean; fieldSelector?: string }[] = [];
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

  private matches(w: { resource: string; namespace?: string; name?: string }, resource: string, object: Obj): boolean {
    return w.resource === resource && (!w.namespace || object.metadata.namespace === w.namespace) && (!w.name || object.metadata.name === w.name);
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://fake');
    const m = PATH.exec(url.pathname);
    const watch = url.searchParams.get('watch') === 'true' || url.searchParams.get('watch') === '1';
    const fieldSelector = url.searchParams.get('fieldSelector') ?? undefined;
    this.requests.push({ method: req.method ?? 'GET', path: url.pathname, watch, ...(fieldSelector ? { fieldSelector } : {}) });
    if (req.method !== 'GET' || !m || !RESOURCES[m[2]!]) return json(res, 404, { kind: 'Status', code: 404, message: 'not found' });
    const resource = m[2]!;
    const namespace = m[1];
    const name = /^metadata\.name=(.+)$/.exec(fieldSelector ?? '')?.[1];
    if (resource === 'secrets' && !name) {
      return json(res, 403, { kind: 'Status', code: 403, message: 'secrets is forbidden: list and watch only with a metadata.name field selector (resourceNames)' });
    }
    if (resource === 'secrets' && this.secretNames && !this.secretNames.has(name!)) {
      return json(res, 403, { kind: 'Status', code: 403, message: `secrets "${name}" is forbidden` });
    }
    const filter = { resource, ...(namespace ? { namespace } : {}), ...(name ? { name } : {}) };
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

function write(res: http.ServerResponse, event: unknown): void {
  if (!res.destroyed) res.write(`${JSON.stringify(event)}\n`);
}

function json(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
