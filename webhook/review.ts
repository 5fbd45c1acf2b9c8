/**
 * One admission request → one verdict. Never throws: an internal error (a policy that throws) or a
 * spent evaluation budget leaves the object unchecked, and `onError` decides: allowed with a
 * warning saying so (the default), or refused with status 500 InternalError (the chart's
 * failurePolicy decides what an unreachable webhook means; a reachable one always answers).
 */
import type { OnError } from '../src/generated/config.js';
import type { ChartDefaults } from '../src/chart/defaults.js';
import type { Finding } from '../src/model/finding.js';
import type { ActivePolicy } from '../src/engine/active-policies.js';
import { isObject, type JsonObject } from '../src/json.js';
import type { AdmissionRequest, AdmissionResponse } from './admission.js';
import type { ClusterContext } from './cluster/context.js';
import { evaluate } from './evaluate.js';
import { contextGaps, gapWarnings, type ContextGap } from './context-gaps.js';
import { handledKind } from './kinds.js';
import { subjectOf, type Subject } from './subject.js';
import { configHint, denialMessage, judge, oneLine, warnings, WARNING_MAX_RUNES, type Judged, type ModeSettings } from './verdict.js';

export type Verdict = 'allowed' | 'warned' | 'denied' | 'audited' | 'error' | 'skipped';

export interface ReviewDeps {
  policies: ActivePolicy[];
  modes: ModeSettings;
  /** Namespaces never evaluated. */
  excludedNamespaces: ReadonlySet<string>;
  cluster?: ClusterContext;
  /** Evaluation budget per request, in milliseconds. */
  budgetMs: number;
  /** What an object that could not be checked gets. */
  onError: OnError;
  /** The chart defaults of a release whose object carries none (an Argo CD Application, a Flux HelmRelease). */
  defaults?: ChartDefaults;
  now?: () => number;
}

export interface Outcome {
  response: AdmissionResponse;
  verdict: Verdict;
  judged: Judged[];
  /** Why the object was not evaluated (verdict skipped). */
  skipped?: string;
  /** Policies that could not judge the object for lack of cluster context (named in a warning). */
  unjudged?: ContextGap[];
  /** What went wrong (verdict error). */
  error?: { reason: ErrorReason; error: Error };
  describe?: string;
}

export type ErrorReason = 'timeout' | 'internal';

export class BudgetExceeded extends Error {
  constructor(readonly budgetMs: number) {
    super(`evaluation budget of ${budgetMs} ms exceeded`);
  }
}

const allow = (uid: string, verdict: Verdict, extra: Partial<Outcome> = {}): Outcome => ({ response: { uid, allowed: true }, verdict, judged: [], ...extra });

/** Objects a controller made (the ReplicaSet of a Deployment, the Pods of a ReplicaSet or Job). */
export function isControlled(object: JsonObject): boolean {
  const meta = isObject(object.metadata) ? object.metadata : {};
  return Array.isArray(meta.ownerReferences) && meta.ownerReferences.some((o) => isObject(o) && o.controller === true);
}

export function review(request: AdmissionRequest, deps: ReviewDeps): Outcome {
  const { uid } = request;
  if (request.operation !== 'CREATE' && request.operation !== 'UPDATE') return allow(uid, 'skipped', { skipped: `${request.operation} is not evaluated` });
  if (request.subResource) return allow(uid, 'skipped', { skipped: `subresource ${request.subResource} is not evaluated` });
  if (!handledKind(request.kind.kind)) return allow(uid, 'skipped', { skipped: `kind ${request.kind.kind} is not handled` });
  const namespace = request.namespace ?? (isObject(request.object?.metadata) ? (request.object.metadata.namespace as string | undefined) : undefined) ?? 'default';
  if (deps.excludedNamespaces.has(namespace)) return allow(uid, 'skipped', { skipped: `namespace ${namespace} is excluded` });
  if (!request.object) return allow(uid, 'skipped', { skipped: 'no object' });

  const now = deps.now ?? performance.now.bind(performance);
  const deadline = now() + deps.budgetMs;
  const check = () => {
    if (now() > deadline) throw new BudgetExceeded(deps.budgetMs);
  };
  const id = { kind: request.kind.kind, namespace, name: request.name ?? '' };
  let subject: Subject | undefined;
  try {
    subject = subjectOf(request.object, id, deps.defaults);
    if (!subject) return allow(uid, 'skipped', { skipped: 'a Helm release of another chart' });
    check();
    const cluster = deps.cluster?.model();
    const findings = evaluate(subject, cluster, deps.policies);
    check();
    let old: Finding[] | undefined;
    if (request.operation === 'UPDATE' && request.oldObject) {
      const before = subjectOf(request.oldObject, id, deps.defaults);
      old = before ? evaluate(before, cluster, deps.policies) : [];
      check();
    }
    const judged = judge(findings, deps.modes, { ...(old ? { old } : {}), controlled: isControlled(request.object) });
    // A release judges its own objects together; an object alone needs the cluster's.
    const gaps = subject.release ? [] : contextGaps(subject.ref.kind, deps.policies, deps.cluster).filter((g) => !findings.some((f) => f.ruleId === g.policy));
    return withGaps(verdictOf(uid, subject, judged), gaps);
  } catch (err) {
    const error = err instanceof Error ? err : new Error(String(err));
    const what = subject?.describe ?? `${id.kind} ${id.namespace}/${id.name || '<unnamed>'}`;
    return unchecked(uid, what, err instanceof BudgetExceeded ? 'timeout' : 'internal', error, deps.onError);
  }
}

/** The answer for an object that could not be checked: allowed with a warning, or refused (onError deny). */
export function unchecked(uid: string, what: string, reason: ErrorReason, error: Error, onError: OnError): Outcome {
  const why = reason === 'timeout' ? error.message : 'an internal error (see the webhook log)';
  const base = { verdict: 'error' as const, judged: [], error: { reason, error }, describe: what };
  if (onError === 'deny') {
    const message = oneLine(`dd-lint could not check ${what}: ${why}; it was refused because the webhook's onError is deny. Try again, or ask the webhook's operators.`, 2000);
    return { response: { uid, allowed: false, status: { code: 500, reason: 'InternalError', message } }, ...base };
  }
  const warning = oneLine(`dd-lint could not check ${what}: ${why}; it was allowed unchecked.`, WARNING_MAX_RUNES);
  return { response: { uid, allowed: true, warnings: [warning] }, ...base };
}

function withGaps(outcome: Outcome, gaps: ContextGap[]): Outcome {
  if (gaps.length === 0) return outcome;
  const texts = gapWarnings(gaps, WARNING_MAX_RUNES).map((w) => oneLine(w, WARNING_MAX_RUNES));
  return { ...outcome, unjudged: gaps, response: { ...outcome.response, warnings: [...(outcome.response.warnings ?? []), ...texts] } };
}

function verdictOf(uid: string, subject: Subject, judged: Judged[]): Outcome {
  const texts = warnings(judged);
  const describe = subject.describe;
  if (judged.some((j) => j.action === 'deny')) {
    const message = denialMessage(describe, judged, subject.release ? configHint : undefined);
    return {
      response: { uid, allowed: false, status: { code: 403, reason: 'Forbidden', message }, ...(texts.length ? { warnings: texts } : {}) },
      verdict: 'denied',
      judged,
      describe,
    };
  }
  const verdict: Verdict = judged.some((j) => j.action === 'warn') ? 'warned' : judged.length > 0 ? 'audited' : 'allowed';
  return { response: { uid, allowed: true, ...(texts.length ? { warnings: texts } : {}) }, verdict, judged, describe };
}
