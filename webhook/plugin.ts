/**
 * The Fastify plugin: POST /validate takes an AdmissionReview (admission.k8s.io/v1) and answers
 * with the verdict. A malformed envelope gets a 4xx; a well-formed one always gets a verdict
 * (never a 500), logged without the object and counted.
 */
import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { Config, Mode, OnError } from '../src/generated/config.js';
import { activePolicies, type ActivePolicy } from '../src/engine/active-policies.js';
import { loadPolicies } from '../src/policy/load.js';
import { ADMISSION_API_VERSION, parseReview, reviewResponse, type AdmissionRequest } from './admission.js';
import type { ClusterContext } from './cluster/context.js';
import { loggedError } from './error-log.js';
import { handledKind } from './kinds.js';
import { bundledDefaults } from '../src/chart/defaults.js';
import { Metrics } from './metrics.js';
import { review, unchecked, type Outcome } from './review.js';
import type { ModeSettings } from './verdict.js';

/** Namespaces never evaluated, whatever the config says. */
export const ALWAYS_EXCLUDED = ['kube-system'];
export const DEFAULT_BUDGET_MS = 2000;
/** Objects (and the old object of an UPDATE) up to Kubernetes' ~1.5 MiB each, in JSON, fit. */
export const DEFAULT_BODY_LIMIT = 4 * 1024 * 1024;

export interface WebhookPluginOptions {
  /** The dd-lint config (the file the CLI reads): policies, webhook.mode/policies/excludeNamespaces. */
  config?: Config;
  /** Overrides config.webhook.mode (the --mode flag). */
  mode?: Mode;
  /** Overrides config.webhook.onError (the --on-error flag): what an object that could not be checked gets. */
  onError?: OnError;
  /** The webhook's own namespace: always excluded. */
  ownNamespace?: string;
  cluster?: ClusterContext;
  metrics?: Metrics;
  budgetMs?: number;
  bodyLimit?: number;
  /** Refuse requests that did not come over TLS (default true; tests of the plugin alone turn it off). */
  requireTls?: boolean;
  /** Policies to apply; by default the built-in ones with the config's settings. */
  policies?: ActivePolicy[];
}

type BodyParser = ReturnType<FastifyInstance['getDefaultJsonParser']>;

/**
 * Fastify's JSON parser refuses `__proto__` and `constructor` keys (prototype poisoning) by running
 * two regular expressions over every body, ~10 µs on a 17 kB agent DaemonSet. Such a key cannot be
 * written without `proto`, `constructor` or a `\u` escape, so a body with none of them is parsed
 * plainly and any other body goes through Fastify's parser, which decides as before.
 */
export function jsonParser(secure: BodyParser): BodyParser {
  return (req, body, done) => {
    const text = body as string;
    if (text.includes('proto') || text.includes('constructor') || text.includes('\\u')) return secure(req, body, done);
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return secure(req, body, done); // the same 400 as before
    }
    done(null, value);
  };
}

export function modeSettings(config: Config, mode?: Mode): ModeSettings {
  return { mode: mode ?? config.webhook?.mode ?? 'enforce', policies: { ...(config.webhook?.policies ?? {}) } };
}

export function excludedNamespaces(config: Config, ownNamespace?: string): Set<string> {
  return new Set([...ALWAYS_EXCLUDED, ...(ownNamespace ? [ownNamespace] : []), ...(config.webhook?.excludeNamespaces ?? [])]);
}

export const ddLintWebhook: FastifyPluginAsync<WebhookPluginOptions> = async (fastify, options) => {
  const config = options.config ?? {};
  const metrics = options.metrics ?? new Metrics();
  const deps = {
    policies: options.policies ?? activePolicies(loadPolicies(), config),
    modes: modeSettings(config, options.mode),
    excludedNamespaces: excludedNamespaces(config, options.ownNamespace),
    ...(options.cluster ? { cluster: options.cluster } : {}),
    budgetMs: options.budgetMs ?? DEFAULT_BUDGET_MS,
    onError: options.onError ?? config.webhook?.onError ?? 'allow',
    // Argo CD Applications and Flux HelmReleases carry no chart defaults: the bundled newest.
    defaults: await bundledDefaults(),
  };
  const requireTls = options.requireTls ?? true;
  // AdmissionReviews are JSON: anything else is a 415 (Fastify would otherwise read text/plain).
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: options.bodyLimit ?? DEFAULT_BODY_LIMIT }, jsonParser(fastify.getDefaultJsonParser('error', 'error')));
  // Encapsulated: the hook sees this plugin's route only.
  fastify.addHook('onResponse', (_req, reply, done) => {
    metrics.latency.observe(reply.elapsedTime / 1000);
    done();
  });

  fastify.post('/validate', { bodyLimit: options.bodyLimit ?? DEFAULT_BODY_LIMIT }, async (req: FastifyRequest, reply: FastifyReply) => {
    if (requireTls && !(req.raw.socket as { encrypted?: boolean }).encrypted) {
      return reply.code(403).send({ message: 'POST /validate is served over HTTPS only' });
    }
    const parsed = parseReview(req.body);
    if ('error' in parsed) {
      metrics.requests.inc({ kind: '', operation: '', verdict: 'malformed' });
      return reply.code(400).send({ message: `not an AdmissionReview ${ADMISSION_API_VERSION}: ${parsed.error}` });
    }
    const { request } = parsed;
    let outcome: Outcome;
    try {
      outcome = review(request, deps);
    } catch (err) {
      // review() catches what evaluation throws; this is the last guard: still a verdict.
      outcome = unchecked(request.uid, 'this object', 'internal', err instanceof Error ? err : new Error(String(err)), deps.onError);
    }
    record(req, request, outcome, metrics);
    return reply.send(reviewResponse(outcome.response));
  });
};

function record(req: FastifyRequest, request: AdmissionRequest, outcome: Outcome, metrics: Metrics): void {
  const kind = request.kind.kind;
  // A label value per kind sent would let any client grow /metrics without bound.
  metrics.requests.inc({ kind: handledKind(kind) ? kind : 'other', operation: request.operation, verdict: outcome.verdict });
  for (const j of outcome.judged) metrics.findings.inc({ policy: j.finding.ruleId, severity: j.finding.severity, action: j.action });
  if (outcome.error) metrics.errors.inc({ reason: outcome.error.reason });
  for (const g of outcome.unjudged ?? []) metrics.unjudged.inc({ policy: g.policy, reason: g.reason });
  const quiet = outcome.verdict === 'allowed' || outcome.verdict === 'skipped';
  if (quiet && !(req.log as { isLevelEnabled?: (level: string) => boolean }).isLevelEnabled?.('debug')) return;
  const line = {
    uid: request.uid,
    kind,
    namespace: request.namespace,
    name: request.name,
    operation: request.operation,
    dryRun: request.dryRun,
    user: request.userInfo?.username,
    verdict: outcome.verdict,
    ...(outcome.judged.length ? { findings: outcome.judged.map((j) => `${j.finding.ruleId}:${j.action}${j.introduced ? '' : ':existing'}`) } : {}),
    ...(outcome.skipped ? { skipped: outcome.skipped } : {}),
    ...(outcome.unjudged ? { unjudged: outcome.unjudged.map((g) => `${g.policy}:${g.reason}`) } : {}),
  };
  if (outcome.error) {
    // The error's message may quote what a policy read: loggedError masks secrets and caps it.
    // Not under `err`: pino's error serializer would rebuild it (and name its type Object).
    const error = loggedError(outcome.error.error, [request.object, request.oldObject]);
    req.log.error({ ...line, reason: outcome.error.reason, allowed: outcome.response.allowed, error }, `admission evaluation failed; ${outcome.response.allowed ? 'allowed' : 'refused'} unchecked`);
  } else if (quiet) req.log.debug(line, 'admission');
  else req.log.info(line, 'admission');
}
