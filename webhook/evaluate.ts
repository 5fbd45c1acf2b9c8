/**
 * Lint a subject the way the CLI lints a file, with what the cluster already runs (the informer
 * cache) as the rest of the picture, and keep the findings about the subject.
 */
import type { Finding } from '../src/model/finding.js';
import { emptyModel, type Model, type ObjectRef } from '../src/model/types.js';
import { lintModel } from '../src/engine/lint.js';
import { mergeModels } from '../src/model/merge.js';
import type { ActivePolicy } from '../src/engine/active-policies.js';
import type { Subject } from './subject.js';

export const refKey = (ref: ObjectRef): string => `${ref.kind}/${ref.namespace}/${ref.name}`;

/** The subject's model first, then the cluster's (where the cluster holds an older version of a subject object, the subject's wins). */
export function combine(subject: Model, cluster: Model | undefined, subjectRefs: readonly ObjectRef[]): Model {
  if (!cluster) return subject;
  const own = new Set(subjectRefs.map(refKey));
  return mergeModels([subject, own.size === 0 ? cluster : without(cluster, own)]);
}

/** The model less the facts about the given objects. */
function without(model: Model, refs: Set<string>): Model {
  const out = emptyModel();
  for (const key of Object.keys(out) as (keyof Model)[]) {
    (out[key] as unknown[]) = (model[key] as { ref?: ObjectRef }[]).filter((x) => !x.ref || !refs.has(refKey(x.ref)));
  }
  return out;
}

const NO_SOURCES = new Map<string, string>();

/**
 * Findings about the subject: located in it (a field of the admitted object, a key of a release's
 * values) or naming one of its objects (a token Secret in the cache read by the admitted DaemonSet).
 * Suppressed findings (the dd-lint.io/ignore annotation) are dropped here.
 */
export function evaluate(subject: Subject, cluster: Model | undefined, policies: ActivePolicy[]): Finding[] {
  const model = combine(subject.model, cluster, subject.refs);
  const refs = new Set(subject.refs.map(refKey));
  const { findings } = lintModel(model, policies, { sources: NO_SOURCES });
  return findings.filter((f) => !f.suppression && (f.location.file === subject.file || (f.object !== undefined && refs.has(refKey(f.object)))));
}
