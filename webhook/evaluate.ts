/**
 * Lint a subject the way the CLI lints a file, with what the cluster already runs (the informer
 * cache) as the rest of the picture, and keep the findings about the subject.
 */
import type { Finding } from '../src/model/finding.js';
import { emptyModel, type Model, type ObjectRef } from '../src/model/types.js';
import { lintModel } from '../src/engine/lint.js';
import type { ActivePolicy } from '../src/engine/active-policies.js';
import type { Subject } from './subject.js';

export const refKey = (ref: ObjectRef): string => `${ref.kind}/${ref.namespace}/${ref.name}`;

/** The subject's model first, then the cluster's (where the cluster holds an older version of a subject object, the subject's wins). */
export function combine(subject: Model, cluster: Model | undefined, subjectRefs: readonly ObjectRef[]): Model {
  if (!cluster) return subject;
  const own = new Set(subjectRefs.map(refKey));
  const model = emptyModel();
  for (const key of Object.keys(model) as (keyof Model)[]) {
    const theirs = cluster[key] as { ref?: ObjectRef }[];
    const kept = own.size === 0 ? theirs : theirs.filter((x) => !x.ref || !own.has(refKey(x.ref)));
    (model[key] as unknown[]) = [...(subject[key] as unknown[]), ...kept];
  }
  return model;
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
