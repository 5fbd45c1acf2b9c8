/**
 * The webhook's own serving certificate, without Helm making it (so `helm template` renders the
 * same twice and a GitOps tool sees no drift): a CA and certificate kept in a Secret of the
 * webhook's namespace, renewed before expiry, and the CA published as the caBundle of the
 * webhook's ValidatingWebhookConfiguration, as Gatekeeper's cert-controller and Kyverno do.
 *
 * Every replica reads the Secret and serves what it holds; only the holder of the Lease writes
 * (the Secret, the caBundle). A Secret that already holds a usable certificate (the one an earlier
 * chart generated, kept across the upgrade) is taken over as it is: it is renewed when it expires,
 * under a new CA then if the old CA's key is not there. While a new CA replaces an old one, the
 * caBundle holds both, so replicas still serving the old certificate stay trusted.
 */
import { X509Certificate } from 'node:crypto';
import type { KubeConfig } from '@kubernetes/client-node';
import { ApiError, apiRequest } from '../cluster/api.js';
import { assess, DAY_MS, makeCA, makeServing, type TlsMaterial } from './authority.js';
import type { LeaseLock } from './lease.js';

export interface CertControllerOptions {
  kubeConfig: KubeConfig;
  namespace: string;
  secretName: string;
  /** The ValidatingWebhookConfiguration whose caBundle is kept. */
  webhookConfiguration: string;
  dnsNames: readonly string[];
  lease: Pick<LeaseLock, 'acquire'>;
  caValidityDays?: number;
  certValidityDays?: number;
  /** Renew this long before expiry. */
  renewBeforeDays?: number;
  /** How often the Secret and the caBundle are checked (and the Lease renewed). */
  intervalMs?: number;
  /** A certificate to serve (the first, and every renewal). */
  onCertificate(pair: { cert: string; key: string }): void;
  onEvent?(event: 'generated' | 'adopted' | 'caBundlePatched', detail: Record<string, string>): void;
  onError?(err: Error): void;
  now?: () => number;
}

type SecretObj = { metadata: { name: string; namespace: string; resourceVersion?: string; labels?: Record<string, string>; annotations?: Record<string, string> }; type?: string; data?: Record<string, string> };

const KEYS = { caCert: 'ca.crt', caKey: 'ca.key', cert: 'tls.crt', key: 'tls.key' } as const;
const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
const unb64 = (s: string | undefined) => (s === undefined ? undefined : Buffer.from(s, 'base64').toString('utf8'));

/** The PEM certificates of a bundle, in order. */
const pemBlocks = (bundle: string): string[] => bundle.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----\n?/g)?.map((b) => (b.endsWith('\n') ? b : `${b}\n`)) ?? [];

export class CertController {
  private timer: NodeJS.Timeout | undefined;
  private served: string | undefined;
  private running: Promise<void> | undefined;
  private readonly now: () => number;

  constructor(private readonly o: CertControllerOptions) {
    this.now = o.now ?? Date.now;
  }

  private get secretPath(): string {
    return `/api/v1/namespaces/${this.o.namespace}/secrets/${this.o.secretName}`;
  }

  /** Reconcile now, then every intervalMs. Resolves once a certificate has been handed to onCertificate. */
  async start(): Promise<void> {
    const first = new Promise<void>((resolve) => {
      const tick = async () => {
        await this.reconcileOnce();
        if (this.served) resolve();
        this.timer = setTimeout(() => void tick(), this.served ? (this.o.intervalMs ?? 10_000) : Math.min(this.o.intervalMs ?? 10_000, 2_000));
        this.timer.unref();
      };
      void tick();
    });
    return first;
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** One pass; errors are reported, never thrown (the next pass retries). */
  async reconcileOnce(): Promise<void> {
    this.running ??= this.reconcile()
      .catch((err: Error) => this.o.onError?.(err))
      .finally(() => (this.running = undefined));
    return this.running;
  }

  private async reconcile(): Promise<void> {
    const renewBeforeMs = (this.o.renewBeforeDays ?? 30) * DAY_MS;
    const secret = await this.readSecret();
    const material: Partial<TlsMaterial> = Object.fromEntries(Object.entries(KEYS).map(([k, name]) => [k, unb64(secret?.data?.[name])]).filter(([, v]) => v !== undefined));
    const worth = assess(material, this.o.dnsNames, renewBeforeMs, this.now());
    const leader = await this.o.lease.acquire();
    if (worth.servingUsable) {
      this.serve(material as TlsMaterial);
      if (leader) {
        if (secret && !secret.metadata.annotations?.['dd-lint.io/cert-controller']) await this.adopt(secret);
        await this.publish(material.caCert!);
      }
      return;
    }
    // Not usable (missing, expiring, not for these names): what still works is served meanwhile.
    if (material.cert && material.key && worth.certExpires && worth.certExpires.getTime() > this.now()) this.serve(material as TlsMaterial);
    if (!leader) return;
    const caDays = this.o.caValidityDays ?? 3650;
    const ca = worth.caUsable ? { cert: pemBlocks(material.caCert!)[0]!, key: material.caKey! } : await makeCA(`${this.o.dnsNames[0] ?? this.o.secretName}-ca`, caDays);
    const serving = await makeServing(ca, this.o.dnsNames, this.o.certValidityDays ?? 365);
    // The previous CA stays in the bundle while it is valid (replicas may still serve under it).
    const previous = worth.caUsable ? [] : pemBlocks(material.caCert ?? '').filter((p) => stillValid(p, this.now()));
    const next: TlsMaterial = { caCert: [ca.cert, ...previous.filter((p) => p !== ca.cert)].join(''), caKey: ca.key, cert: serving.cert, key: serving.key };
    await this.writeSecret(secret, next);
    this.o.onEvent?.('generated', { secret: `${this.o.namespace}/${this.o.secretName}`, newCA: String(!worth.caUsable), expires: new X509Certificate(serving.cert).validTo });
    this.serve(next);
    await this.publish(next.caCert);
  }

  private serve(m: TlsMaterial): void {
    if (this.served === m.cert) return;
    this.served = m.cert;
    this.o.onCertificate({ cert: m.cert, key: m.key });
  }

  private async readSecret(): Promise<SecretObj | undefined> {
    try {
      return await apiRequest<SecretObj>(this.o.kubeConfig, { path: this.secretPath });
    } catch (err) {
      if (err instanceof ApiError && err.statusCode === 404) return undefined;
      throw err;
    }
  }

  private async writeSecret(existing: SecretObj | undefined, m: TlsMaterial): Promise<void> {
    const data = { [KEYS.caCert]: b64(m.caCert), [KEYS.caKey]: b64(m.caKey!), [KEYS.cert]: b64(m.cert), [KEYS.key]: b64(m.key) };
    const metadata = {
      ...(existing?.metadata ?? {}),
      name: this.o.secretName,
      namespace: this.o.namespace,
      annotations: { ...(existing?.metadata.annotations ?? {}), 'dd-lint.io/cert-controller': 'true' },
    };
    const body = { apiVersion: 'v1', kind: 'Secret', metadata, type: existing?.type ?? 'kubernetes.io/tls', data };
    // A PUT carries the resourceVersion read: a concurrent writer makes it fail (409) and the next pass rereads.
    if (existing) await apiRequest(this.o.kubeConfig, { method: 'PUT', path: this.secretPath, body });
    else await apiRequest(this.o.kubeConfig, { method: 'POST', path: `/api/v1/namespaces/${this.o.namespace}/secrets`, body });
  }

  /** Mark a Secret made by someone else (an earlier chart) as the controller's; its content is kept. */
  private async adopt(secret: SecretObj): Promise<void> {
    await apiRequest(this.o.kubeConfig, {
      method: 'PATCH',
      path: this.secretPath,
      contentType: 'application/merge-patch+json',
      body: { metadata: { annotations: { 'dd-lint.io/cert-controller': 'true', 'helm.sh/resource-policy': 'keep' }, resourceVersion: secret.metadata.resourceVersion } },
    });
    this.o.onEvent?.('adopted', { secret: `${this.o.namespace}/${this.o.secretName}` });
  }

  /** Every webhook of the configuration trusts the bundle (a JSON patch that fails if the object changed meanwhile). */
  private async publish(caBundlePem: string): Promise<void> {
    const path = `/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations/${this.o.webhookConfiguration}`;
    const vwc = await apiRequest<{ metadata: { resourceVersion?: string }; webhooks?: { clientConfig?: { caBundle?: string } }[] }>(this.o.kubeConfig, { path });
    const want = b64(caBundlePem);
    const ops = (vwc.webhooks ?? []).flatMap((w, i) => (w.clientConfig?.caBundle === want ? [] : [{ op: 'add', path: `/webhooks/${i}/clientConfig/caBundle`, value: want }]));
    if (ops.length === 0) return;
    await apiRequest(this.o.kubeConfig, {
      method: 'PATCH',
      path,
      contentType: 'application/json-patch+json',
      body: [{ op: 'test', path: '/metadata/resourceVersion', value: vwc.metadata.resourceVersion }, ...ops],
    });
    this.o.onEvent?.('caBundlePatched', { webhookConfiguration: this.o.webhookConfiguration });
  }
}

function stillValid(pem: string, now: number): boolean {
  try {
    return new Date(new X509Certificate(pem).validTo).getTime() > now;
  } catch {
    return false;
  }
}
