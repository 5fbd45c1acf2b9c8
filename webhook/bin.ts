#!/usr/bin/env node
/**
 * dd-lint-webhook: the validating admission webhook. With no flags it serves HTTPS on
 * 127.0.0.1:8443 with a self-signed certificate for localhost (printed with its CA bundle) and
 * probes and metrics on plain HTTP 127.0.0.1:8080. Every flag is also an environment variable.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { Config, Mode, OnError } from '../src/generated/config.js';
import { settingsFrom } from '../src/config/settings.js';
import { loadPolicies } from '../src/policy/load.js';
import { activePolicies } from '../src/engine/active-policies.js';
import { toolVersion } from '../src/version.js';
import type { ClusterContext } from './cluster/context.js';
import type { InformerContext } from './cluster/informers.js';
import { MODES } from './verdict.js';
import { createLogger, startWebhook } from './server.js';
import { ensureSelfSigned, DEFAULT_CERT_DIR } from './self-signed.js';
import { readOptions, usage, UsageError } from './options.js';
import { DEFAULT_TIMEOUTS } from './timeouts.js';
import { locateKubeConfig } from './cluster/kubeconfig.js';
import type { TlsFiles, TlsPair } from './tls.js';
import type { ManagedTls } from './certs/start.js';

const port = (name: string, value: unknown): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new UsageError(`--${name} must be a port number (0-65535)`);
  return n;
};

const nonNegative = (name: string, value: unknown): number => {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new UsageError(`--${name} must be 0 or more`);
  return n;
};

const IN_CLUSTER_NAMESPACE = '/var/run/secrets/kubernetes.io/serviceaccount/namespace';

function ownNamespace(flag: string | undefined, env: NodeJS.ProcessEnv): string | undefined {
  if (flag) return flag;
  if (env.POD_NAMESPACE) return env.POD_NAMESPACE;
  if (existsSync(IN_CLUSTER_NAMESPACE)) return readFileSync(IN_CLUSTER_NAMESPACE, 'utf8').trim() || undefined;
  return undefined;
}

/** The chart's `<fullname>-cluster-agent` token Secret (fullname: the release name if it holds "datadog", else `<release>-datadog`). */
function chartTokenSecret(config: Config): { namespace: string; name: string } {
  const release = config.release?.name ?? 'datadog';
  const fullname = release.includes('datadog') ? release : `${release}-datadog`;
  return { namespace: config.release?.namespace ?? 'datadog', name: `${fullname}-cluster-agent` };
}

async function main(): Promise<void> {
  const opts = readOptions(process.argv.slice(2), process.env);
  if (opts.help) {
    process.stdout.write(usage());
    return;
  }
  if (opts.version) {
    process.stdout.write(`${toolVersion()}\n`);
    return;
  }
  const mode = opts.mode as string | undefined;
  if (mode !== undefined && !MODES.includes(mode as Mode)) throw new UsageError(`--mode must be one of ${MODES.join(', ')}`);
  const onError = opts['on-error'] as string | undefined;
  if (onError !== undefined && onError !== 'allow' && onError !== 'deny') throw new UsageError('--on-error must be allow or deny');
  if (Boolean(opts['tls-cert']) !== Boolean(opts['tls-key'])) throw new UsageError('--tls-cert and --tls-key go together');
  const budgetMs = Number(opts['budget-ms']);
  if (!Number.isFinite(budgetMs) || budgetMs <= 0) throw new UsageError('--budget-ms must be a positive number');
  const shutdownDelayMs = Number(opts['shutdown-delay-ms']);
  if (!Number.isFinite(shutdownDelayMs) || shutdownDelayMs < 0) throw new UsageError('--shutdown-delay-ms must be 0 or more');

  const say = (line: string) => process.stderr.write(`dd-lint-webhook: ${line}\n`);
  const logger = createLogger(opts['log-level'] as string);
  // The CLI's settings loader: the same discovery, validation and refusals (file:line, policy).
  const settings = await settingsFrom(opts.config as string | undefined, true, process.cwd(), { policyDirs: [] });
  const config = settings.runOptions.config ?? {};
  const custom = settings.runOptions.custom ?? { policies: [], checks: new Map() };
  if (settings.effective.configFile) say(`config ${String(settings.effective.configFile)}`);
  if (custom.policies.length > 0) say(`custom policies: ${custom.policies.map((p) => p.id).join(', ')}`);
  const policies = activePolicies([...loadPolicies(), ...custom.policies], config, custom.checks);

  const namespace = ownNamespace(opts.namespace as string | undefined, process.env);
  let tls: TlsFiles | TlsPair;
  let managed: ManagedTls | undefined;
  if (opts['cert-secret']) {
    if (opts['tls-cert']) throw new UsageError('--cert-secret and --tls-cert exclude each other');
    if (!opts['webhook-configuration'] || !opts['dns-names']) throw new UsageError('--cert-secret needs --webhook-configuration and --dns-names');
    if (!namespace) throw new UsageError("--cert-secret needs the webhook's namespace (--namespace or $POD_NAMESPACE)");
    const found = locateKubeConfig((opts.kubeconfig as string | undefined) ?? undefined);
    if (!found) throw new UsageError('--cert-secret needs the API server (--kubeconfig, $KUBECONFIG or the in-cluster service account)');
    const { startManagedTls } = await import('./certs/start.js');
    const dnsNames = String(opts['dns-names']).split(',').map((n) => n.trim()).filter(Boolean);
    const days = (name: 'ca-validity-days' | 'cert-validity-days' | 'renew-before-days') => {
      const n = Number(opts[name]);
      if (!Number.isInteger(n) || n < 1) throw new UsageError(`--${name} must be a whole number of days (1 or more)`);
      return n;
    };
    const validity = { caValidityDays: days('ca-validity-days'), certValidityDays: days('cert-validity-days'), renewBeforeDays: days('renew-before-days') };
    if (validity.renewBeforeDays >= validity.certValidityDays) throw new UsageError('--renew-before-days must be below --cert-validity-days (or every pass would renew)');
    managed = startManagedTls(found, { namespace, secret: opts['cert-secret'] as string, webhookConfiguration: opts['webhook-configuration'] as string, dnsNames, logger, ...validity });
    say(`serving certificate: managed in Secret ${namespace}/${String(opts['cert-secret'])} (caBundle of ${String(opts['webhook-configuration'])}); waiting for it`);
    tls = await managed.first;
  } else if (opts['tls-cert']) tls = { certFile: opts['tls-cert'] as string, keyFile: opts['tls-key'] as string };
  else {
    const made = await ensureSelfSigned((opts['cert-dir'] as string | undefined) ?? DEFAULT_CERT_DIR);
    tls = made;
    say(`${made.generated ? 'generated a' : 'reusing the'} self-signed certificate for localhost and 127.0.0.1 (valid until ${made.expires.toISOString().slice(0, 10)}):`);
    say(`  certificate ${made.certFile}`);
    say(`  key         ${made.keyFile}`);
    say(`  CA bundle (caBundle of a ValidatingWebhookConfiguration; it is its own CA):`);
    process.stderr.write(`${made.caBundle}\n`);
  }

  let cluster: ClusterContext | undefined;
  let informers: InformerContext | undefined;
  if (opts.audit && opts['no-cluster']) throw new UsageError('--audit needs the cluster context: it judges what the cluster runs (drop --no-cluster)');
  if (opts['no-cluster']) say('cluster context: off (--no-cluster): cross-object rules see only the admitted object');
  else {
    const found = locateKubeConfig((opts.kubeconfig as string | undefined) ?? undefined);
    if (!found) say('cluster context: none (no --kubeconfig, $KUBECONFIG, in-cluster service account or ~/.kube/config): cross-object rules see only the admitted object');
    else {
      const { InformerContext, loadKubeConfig } = await import('./cluster/informers.js');
      cluster = informers = new InformerContext({
        kubeConfig: loadKubeConfig(found),
        source: found.source,
        tokenSecrets: [chartTokenSecret(config)],
        ...(opts.audit ? { apps: true, releases: [{ namespace: config.release?.namespace ?? 'datadog', name: config.release?.name ?? 'datadog' }] } : {}),
        onError: (resource, err) => logger.warn({ resource, err: { message: err.message } }, 'cluster cache: list/watch failed; serving the last known state and retrying'),
      });
      say(`cluster context: informers on ${found.source} (/readyz fails until the caches are synced)`);
    }
  }

  const running = await startWebhook({
    host: opts.host as string,
    port: port('port', opts.port),
    metricsPort: port('metrics-port', opts['metrics-port']),
    tls,
    config,
    policies,
    ...(mode ? { mode: mode as Mode } : {}),
    ...(onError ? { onError: onError as OnError } : {}),
    ...(namespace ? { ownNamespace: namespace } : {}),
    ...(cluster ? { cluster } : {}),
    budgetMs,
    shutdownDelayMs,
    logger,
  });
  managed?.onRenewal(running.setCertificate);
  let audit: { stop(): void } | undefined;
  if (opts.audit) {
    if (!informers) throw new UsageError('--audit needs the cluster context, and no kubeconfig was found');
    if (!namespace) throw new UsageError("--audit needs the webhook's namespace for its Lease (--namespace or $POD_NAMESPACE)");
    const { startAudit } = await import('./audit/start.js');
    audit = startAudit(informers, policies, running.metrics, logger, {
      namespace,
      lease: opts['audit-lease'] as string,
      debounceMs: nonNegative('audit-debounce-ms', opts['audit-debounce-ms']),
      minWriteMs: nonNegative('audit-min-write-ms', opts['audit-min-write-ms']),
    });
    say(`audit: judging what the cluster runs; PolicyReports written by the holder of Lease ${namespace}/${String(opts['audit-lease'])}`);
  }
  const effectiveMode = (mode as Mode | undefined) ?? config.webhook?.mode ?? 'enforce';
  const effectiveOnError = (onError as OnError | undefined) ?? config.webhook?.onError ?? 'allow';
  say(`POST ${running.url}/validate (AdmissionReview admission.k8s.io/v1, TLS >= 1.2), mode ${effectiveMode}, on error ${effectiveOnError}`);
  say(`probes and metrics on ${running.opsUrl} (/healthz /readyz /metrics)`);
  say(`never evaluated: namespaces ${['kube-system', ...(namespace ? [namespace] : []), ...(config.webhook?.excludeNamespaces ?? [])].join(', ')}`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping: no new connections; finishing requests in flight');
    // Stopping cuts what is still open after the request timeout; this only guards against a stop that hangs anyway.
    const guardMs = shutdownDelayMs + DEFAULT_TIMEOUTS.requestMs + 5_000;
    const hard = setTimeout(() => {
      logger.error(`still stopping after ${guardMs / 1000} s; exiting`);
      process.exit(1);
    }, guardMs);
    hard.unref();
    managed?.controller.stop();
    audit?.stop();
    running.close().then(
      () => {
        logger.info('stopped');
        logger.flush?.();
        process.exit(0);
      },
      (err: Error) => {
        logger.error({ err: { message: err.message } }, 'error while stopping');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((err: Error & { code?: string }) => {
  const flagError = err instanceof UsageError || err.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' || err.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE';
  // A bad config file is one line (file:line:column), as the CLI says it.
  const usageError = flagError || err.name === 'InputError';
  process.stderr.write(`dd-lint-webhook: ${err.message}\n`);
  if (flagError) process.stderr.write(`run dd-lint-webhook --help for the options\n`);
  if (process.env.DD_LINT_DEBUG) process.stderr.write(`${err.stack}\n`);
  process.exit(usageError ? 2 : 1);
});
