/** --cert-secret: the certificate controller of a running webhook, from its flags. */
import { hostname } from 'node:os';
import type { Logger } from 'pino';
import { CertController } from './controller.js';
import { LeaseLock } from './lease.js';
import type { TlsPair } from '../tls.js';
import { loadKubeConfig } from '../cluster/informers.js';
import type { LocatedKubeConfig } from '../cluster/kubeconfig.js';

export interface ManagedTls {
  controller: CertController;
  /** The first certificate (resolved once the Secret holds one). */
  first: Promise<TlsPair>;
  /** Where later certificates go (the running server). */
  onRenewal(set: (pair: TlsPair) => void): void;
}

export interface ManagedTlsOptions {
  namespace: string;
  secret: string;
  webhookConfiguration: string;
  dnsNames: string[];
  caValidityDays: number;
  certValidityDays: number;
  renewBeforeDays: number;
  logger: Logger;
}

export function startManagedTls(found: LocatedKubeConfig, o: ManagedTlsOptions): ManagedTls {
  const kubeConfig = loadKubeConfig(found);
  const identity = process.env.POD_NAME || hostname();
  let current: TlsPair | undefined;
  let apply: ((pair: TlsPair) => void) | undefined;
  let resolveFirst: (pair: TlsPair) => void = () => undefined;
  const first = new Promise<TlsPair>((resolve) => (resolveFirst = resolve));
  const controller = new CertController({
    kubeConfig,
    namespace: o.namespace,
    secretName: o.secret,
    webhookConfiguration: o.webhookConfiguration,
    dnsNames: o.dnsNames,
    lease: new LeaseLock({ kubeConfig, namespace: o.namespace, name: o.secret, identity }),
    caValidityDays: o.caValidityDays,
    certValidityDays: o.certValidityDays,
    renewBeforeDays: o.renewBeforeDays,
    onCertificate: (pair) => {
      const renewal = current !== undefined;
      current = pair;
      if (!renewal) return resolveFirst(pair);
      try {
        apply?.(pair);
        o.logger.info({ secret: `${o.namespace}/${o.secret}` }, 'serving the renewed certificate');
      } catch (err) {
        o.logger.warn({ err: { message: (err as Error).message } }, 'renewed certificate not loaded; keeping the previous one');
      }
    },
    onEvent: (event, detail) => o.logger.info(detail, `certificate controller: ${event}`),
    onError: (err) => o.logger.warn({ err: { message: err.message } }, 'certificate controller: pass failed; retrying'),
  });
  void controller.start();
  return { controller, first, onRenewal: (set) => (apply = set) };
}
