/** Running the webhook in tests: certificates, AdmissionReviews as the API server sends them, HTTPS calls. */
import https from 'node:https';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { randomUUID } from 'node:crypto';
import { KubeConfig } from '@kubernetes/client-node';
import { ensureSelfSigned, type SelfSigned } from '../../webhook/self-signed.js';
import { createLogger, startWebhook, type RunningWebhook, type ServerOptions } from '../../webhook/server.js';
import { HANDLED_KINDS } from '../../webhook/kinds.js';
import { InformerContext } from '../../webhook/cluster/informers.js';
import { FakeApiServer } from './fake-apiserver.js';

export type Obj = Record<string, unknown> & { kind?: string; metadata?: Record<string, unknown> };

/** A fresh self-signed certificate for localhost in its own directory. */
export async function testCertificate(): Promise<SelfSigned & { ca: string }> {
  const made = await ensureSelfSigned(mkdtempSync(join(tmpdir(), 'dd-lint-webhook-tls-')));
  return { ...made, ca: Buffer.from(made.caBundle, 'base64').toString('utf8') };
}

/** Log lines the webhook wrote, parsed. */
export class LogCapture extends Writable {
  readonly lines: Record<string, unknown>[] = [];
  readonly raw: string[] = [];
  override _write(chunk: Buffer, _enc: BufferEncoding, done: () => void): void {
    for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) {
      this.raw.push(line);
      this.lines.push(JSON.parse(line));
    }
    done();
  }
}

export interface TestWebhook extends RunningWebhook {
  ca: string;
  logs: LogCapture;
  post(body: unknown, options?: PostOptions): Promise<HttpResult>;
  review(object: Obj | null, options?: ReviewOptions): Promise<AdmissionResult>;
}

export async function startTestWebhook(options: Partial<ServerOptions> & { certificate?: SelfSigned & { ca: string }; logLevel?: string } = {}): Promise<TestWebhook> {
  const certificate = options.certificate ?? (await testCertificate());
  const logs = new LogCapture();
  const running = await startWebhook({
    host: '127.0.0.1',
    port: 0,
    metricsPort: 0,
    tls: { certFile: certificate.certFile, keyFile: certificate.keyFile },
    logger: createLogger(options.logLevel ?? 'debug', logs),
    ...options,
  });
  // One kept-alive connection pool, as the API server keeps its connections to a webhook.
  const agent = new https.Agent({ keepAlive: true, ca: certificate.ca });
  const post = (body: unknown, o: PostOptions = {}) => httpsPost(`${running.url}/validate`, body, { ca: certificate.ca, agent, ...o });
  return {
    ...running,
    close: async () => {
      agent.destroy();
      await running.close();
    },
    ca: certificate.ca,
    logs,
    post,
    review: async (object, o = {}) => {
      const res = await post(admissionReview(object, o));
      if (res.status !== 200) throw new Error(`webhook answered HTTP ${res.status}: ${res.text}`);
      return res.json.response as AdmissionResult;
    },
  };
}

export interface AdmissionResult {
  uid: string;
  allowed: boolean;
  status?: { code: number; message: string; reason?: string };
  warnings?: string[];
}

export interface ReviewOptions {
  operation?: 'CREATE' | 'UPDATE' | 'DELETE';
  oldObject?: Obj | null;
  uid?: string;
  dryRun?: boolean;
  namespace?: string;
}

/** An AdmissionReview the way the API server sends it for `object`. */
export function admissionReview(object: Obj | null, options: ReviewOptions = {}): Record<string, unknown> {
  const subject = object ?? options.oldObject ?? {};
  const kind = String(subject.kind);
  const handled = HANDLED_KINDS.find((k) => k.kind === kind) ?? { group: '', version: 'v1', resource: `${kind.toLowerCase()}s` };
  const meta = (subject.metadata ?? {}) as { name?: string; namespace?: string };
  const namespace = options.namespace ?? meta.namespace ?? 'default';
  const gvk = { group: handled.group, version: handled.version, kind };
  return {
    apiVersion: 'admission.k8s.io/v1',
    kind: 'AdmissionReview',
    request: {
      uid: options.uid ?? randomUUID(),
      kind: gvk,
      resource: { group: handled.group, version: handled.version, resource: handled.resource },
      requestKind: gvk,
      requestResource: { group: handled.group, version: handled.version, resource: handled.resource },
      name: meta.name,
      namespace,
      operation: options.operation ?? 'CREATE',
      userInfo: { username: 'kubernetes-admin', groups: ['system:masters', 'system:authenticated'] },
      object: object ? { ...object, metadata: { ...meta, namespace } } : null,
      oldObject: options.oldObject ?? null,
      dryRun: options.dryRun ?? false,
      options: { apiVersion: 'meta.k8s.io/v1', kind: options.operation === 'UPDATE' ? 'UpdateOptions' : 'CreateOptions' },
    },
  };
}

export interface PostOptions {
  ca?: string;
  agent?: https.Agent;
  contentType?: string;
  raw?: boolean;
  /** TLS options of the client (e.g. maxVersion to check the minimum the server accepts). */
  tls?: https.RequestOptions;
}

export interface HttpResult {
  status: number;
  text: string;
  json: Record<string, any>;
  certificate?: { fingerprint256: string };
}

export function httpsPost(url: string, body: unknown, options: PostOptions = {}): Promise<HttpResult> {
  const payload = options.raw ? String(body) : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = https.request(
      url,
      {
        method: 'POST',
        ...(options.ca ? { ca: options.ca } : {}),
        ...(options.agent ? { agent: options.agent } : { agent: false }),
        headers: { 'content-type': options.contentType ?? 'application/json', 'content-length': Buffer.byteLength(payload) },
        ...options.tls,
      },
      (res) => {
        const chunks: Buffer[] = [];
        const cert = (res.socket as import('node:tls').TLSSocket).getPeerCertificate?.();
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: Record<string, any> = {};
          try {
            json = JSON.parse(text);
          } catch {
            // not JSON
          }
          resolve({ status: res.statusCode ?? 0, text, json, ...(cert?.fingerprint256 ? { certificate: { fingerprint256: cert.fingerprint256 } } : {}) });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

export async function httpGet(url: string): Promise<{ status: number; text: string }> {
  const res = await fetch(url);
  return { status: res.status, text: await res.text() };
}

/** A kubeconfig for the fake API server. */
export function fakeKubeConfig(fake: FakeApiServer): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    // Plain HTTP on loopback: client-node wants skipTLSVerify set to allow an http:// server at all.
    clusters: [{ name: 'fake', server: fake.url, skipTLSVerify: true }],
    users: [{ name: 'tester' }],
    contexts: [{ name: 'fake', cluster: 'fake', user: 'tester' }],
    currentContext: 'fake',
  });
  return kc;
}

/** A cluster context reading the fake API server. */
export function fakeCluster(fake: FakeApiServer, tokenSecrets = [{ namespace: 'datadog', name: 'datadog-cluster-agent' }], backoffMs = 100): InformerContext {
  return new InformerContext({ kubeConfig: fakeKubeConfig(fake), source: `fake API server ${fake.url}`, tokenSecrets, backoffMs, maxBackoffMs: 500 });
}

/**
 * A fake API server holding `objects`, a cluster context reading it and the webhook using that
 * context, with the caches synced; all stopped when the test file ends.
 */
export async function startClusterWebhook(t: { teardown(fn: () => Promise<void>): void }, objects: Obj[] = []): Promise<{ fake: FakeApiServer; cluster: InformerContext; hook: TestWebhook }> {
  const fake = new FakeApiServer();
  await fake.start();
  for (const object of objects) fake.apply(object as never);
  const cluster = fakeCluster(fake);
  const hook = await startTestWebhook({ cluster });
  t.teardown(async () => {
    await hook.close();
    await fake.stop();
  });
  await until(() => cluster.synced(), 'the caches to sync');
  return { fake, cluster, hook };
}

export async function until(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 2));
  }
}

/** Wait until every cache of the context has seen resourceVersion `rv` (the fake API server bookmarks every watch). */
export async function synced(cluster: InformerContext, rv: number): Promise<void> {
  await until(() => cluster.synced() && cluster.state().every((s) => Number(s.resourceVersion) >= rv), `caches at resourceVersion ${rv}`);
}
