/**
 * The running webhook: the admission endpoint over HTTPS (the plugin), the operations endpoints
 * over plain HTTP on another port (/healthz, /readyz, /metrics), the certificate watcher, the
 * cluster context, and an orderly stop (stop accepting, finish what is in flight, then exit).
 */
import type { Server as HttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { createSecureContext } from 'node:tls';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { pino, type Logger } from 'pino';
import type { Config, Mode, OnError } from '../src/generated/config.js';
import type { ActivePolicy } from '../src/engine/active-policies.js';
import type { ClusterContext } from './cluster/context.js';
import { drainOnStop } from './drain.js';
import { Metrics } from './metrics.js';
import { ddLintWebhook, DEFAULT_BODY_LIMIT } from './plugin.js';
import { DEFAULT_TIMEOUTS, fastifyTimeouts, httpsServerTimeouts, type Timeouts } from './timeouts.js';
import { isTlsFiles, tlsOptions, watchTls, type TlsFiles, type TlsPair, type TlsWatcher } from './tls.js';

export interface ServerOptions {
  host: string;
  /** HTTPS port of POST /validate (0: any free port). */
  port: number;
  /** Plain HTTP port of /healthz, /readyz, /metrics (0: any free port). */
  metricsPort: number;
  /** Address of the operations port (default: host). */
  metricsHost?: string;
  /** Files (watched and reloaded), or a pair in memory (replaced with setCertificate). */
  tls: TlsFiles | TlsPair;
  config?: Config;
  /** Policies to apply (built-in and custom, config applied); by default the built-in ones with the config's settings. */
  policies?: ActivePolicy[];
  mode?: Mode;
  /** Overrides config.webhook.onError. */
  onError?: OnError;
  ownNamespace?: string;
  cluster?: ClusterContext;
  /** Stop the cluster context on close (default true; false when it is shared with another server). */
  closeCluster?: boolean;
  budgetMs?: number;
  bodyLimit?: number;
  logger?: Logger;
  /** How often the certificate files are polled, besides file system events. */
  tlsPollMs?: number;
  /** On stop, keep serving this long with /readyz failing, so endpoints drop the pod first. */
  shutdownDelayMs?: number;
  /** Connection timeouts of the admission endpoint (DEFAULT_TIMEOUTS for what is not given). */
  timeouts?: Partial<Timeouts>;
}

export interface RunningWebhook {
  app: FastifyInstance<HttpsServer>;
  ops: FastifyInstance;
  /** https://host:port */
  url: string;
  /** http://host:port of the operations endpoints. */
  opsUrl: string;
  metrics: Metrics;
  logger: Logger;
  tls: TlsWatcher;
  /** Serve another certificate to new connections (a pair that does not load throws and changes nothing). */
  setCertificate(pair: TlsPair): void;
  close(): Promise<void>;
}

/** Log redaction: nothing of a request body is logged anyway; these guard what might slip into a log line. */
export const REDACT_PATHS = ['req.headers.authorization', 'req.headers.cookie', '*.token', '*.password', '*.apiKey', '*.appKey', '*.object', '*.oldObject', 'object', 'oldObject'];

export function createLogger(level = process.env.DD_LINT_WEBHOOK_LOG_LEVEL ?? 'info', destination?: NodeJS.WritableStream): Logger {
  const options = { name: 'dd-lint-webhook', level, redact: { paths: REDACT_PATHS, censor: '<redacted>' } };
  return destination ? pino(options, destination as pino.DestinationStream) : pino(options);
}

export async function startWebhook(options: ServerOptions): Promise<RunningWebhook> {
  const logger = options.logger ?? createLogger();
  const metrics = new Metrics();
  const cluster = options.cluster;
  let closing = false;
  const timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };

  const app = Fastify({
    https: { ...tlsOptions(options.tls), ...httpsServerTimeouts(timeouts) },
    loggerInstance: logger as FastifyBaseLogger,
    // One line per admission decision is logged by the plugin instead (without the object).
    logController: new LogController({ disableRequestLogging: true }),
    // No child logger per request (pino children cost a few µs each): decision lines carry the uid.
    childLoggerFactory: (parent) => parent,
    // A request on a kept-alive connection while stopping is still answered (not a 503).
    return503OnClosing: false,
    forceCloseConnections: 'idle',
    bodyLimit: options.bodyLimit ?? DEFAULT_BODY_LIMIT,
    ...fastifyTimeouts(timeouts),
  });
  const drain = drainOnStop(app.server, timeouts.requestMs);
  app.addHook('preClose', (done) => {
    done();
    drain.start();
  });
  await app.register(ddLintWebhook, {
    ...(options.config ? { config: options.config } : {}),
    ...(options.policies ? { policies: options.policies } : {}),
    ...(options.mode ? { mode: options.mode } : {}),
    ...(options.onError ? { onError: options.onError } : {}),
    ...(options.ownNamespace ? { ownNamespace: options.ownNamespace } : {}),
    ...(cluster ? { cluster } : {}),
    ...(options.budgetMs !== undefined ? { budgetMs: options.budgetMs } : {}),
    ...(options.bodyLimit !== undefined ? { bodyLimit: options.bodyLimit } : {}),
    metrics,
  });

  metrics.addGauge({ name: 'dd_lint_webhook_cluster_context', help: 'Whether the webhook reads the cluster (informer cache) at all.', read: () => [{ value: cluster ? 1 : 0 }] });
  metrics.addGauge({ name: 'dd_lint_webhook_cache_synced', help: 'Whether each cache has been listed at least once.', read: () => (cluster?.state() ?? []).map((s) => ({ labels: { resource: s.resource }, value: s.synced ? 1 : 0 })) });
  metrics.addGauge({ name: 'dd_lint_webhook_cache_stale', help: 'Whether each cache lost the API server (it serves what it last saw).', read: () => (cluster?.state() ?? []).map((s) => ({ labels: { resource: s.resource }, value: s.stale ? 1 : 0 })) });
  metrics.addGauge({ name: 'dd_lint_webhook_cache_objects', help: 'Objects in each cache.', read: () => (cluster?.state() ?? []).map((s) => ({ labels: { resource: s.resource }, value: s.objects })) });

  const ops = Fastify({ loggerInstance: logger as FastifyBaseLogger, logController: new LogController({ disableRequestLogging: true }), forceCloseConnections: true });
  ops.get('/healthz', async (_req, reply) => reply.type('text/plain').send('ok\n'));
  ops.get('/readyz', async (_req, reply) => {
    const { ready, text } = readiness(cluster, closing);
    return reply.code(ready ? 200 : 503).type('text/plain').send(text);
  });
  ops.get('/metrics', async (_req, reply) => reply.type('text/plain; version=0.0.4; charset=utf-8').send(metrics.render()));

  await app.listen({ host: options.host, port: options.port });
  await ops.listen({ host: options.metricsHost ?? options.host, port: options.metricsPort });
  const tlsFiles = isTlsFiles(options.tls) ? options.tls : undefined;
  const tls = tlsFiles
    ? watchTls(
        app.server,
        tlsFiles,
        {
          reloaded: () => {
            metrics.tlsReloads.inc({ result: 'ok' });
            logger.info({ cert: tlsFiles.certFile }, 'TLS certificate reloaded');
          },
          failed: (err) => {
            metrics.tlsReloads.inc({ result: 'error' });
            logger.warn({ cert: tlsFiles.certFile, err: { message: err.message } }, 'TLS certificate change not loaded; keeping the previous one');
          },
        },
        options.tlsPollMs,
      )
    : { check: () => undefined, close: () => undefined };
  const setCertificate = (pair: TlsPair) => {
    const context = tlsOptions(pair);
    createSecureContext(context); // throws on a bad or mismatched pair, before anything changes
    app.server.setSecureContext(context);
    metrics.tlsReloads.inc({ result: 'ok' });
  };
  cluster?.start();

  const address = (f: { server: { address(): AddressInfo | string | null } }) => {
    const a = f.server.address();
    return typeof a === 'object' && a ? `${a.family === 'IPv6' ? `[${a.address}]` : a.address}:${a.port}` : String(a);
  };
  let closed: Promise<void> | undefined;
  return {
    app,
    ops,
    url: `https://${address(app)}`,
    opsUrl: `http://${address(ops)}`,
    metrics,
    logger,
    tls,
    setCertificate,
    close: () =>
      (closed ??= (async () => {
        closing = true;
        if (options.shutdownDelayMs) await new Promise((r) => setTimeout(r, options.shutdownDelayMs));
        await app.close(); // stops accepting; in-flight requests finish (webhook/drain.ts)
        drain.done();
        tls.close();
        if (options.closeCluster !== false) await cluster?.stop();
        await ops.close();
      })()),
  };
}

export function readiness(cluster: ClusterContext | undefined, closing: boolean): { ready: boolean; text: string } {
  if (closing) return { ready: false, text: 'stopping\n' };
  if (!cluster) return { ready: true, text: 'ok: no cluster context (cross-object rules see only the admitted object)\n' };
  const states = cluster.state();
  const lines = states.map(
    (s) => `${s.resource}: ${s.synced ? 'synced' : 'not synced'}${s.stale ? `, stale (${s.error ?? 'API server unreachable'}): serving the last known state` : s.error ? `, ${s.error}` : ''}, ${s.objects} objects`,
  );
  if (!cluster.synced()) return { ready: false, text: `caches not synced yet (${cluster.source})\n${lines.join('\n')}\n` };
  const stale = states.some((s) => s.stale);
  return { ready: true, text: `${stale ? 'ok, but the API server is unreachable: the cache serves the last known state' : 'ok'} (${cluster.source})\n${lines.join('\n')}\n` };
}
