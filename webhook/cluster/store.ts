/**
 * The cluster as the rules see it: what the informers hold, kept as model parts (agent workloads,
 * and with `apps` every workload no controller owns; every Service; the watched token Secrets;
 * with `apps` the Datadog release's Helm Secrets as the release they store), merged once per
 * change, so a request pays nothing to read it. Only model parts are kept, never the objects.
 */
import type { ParsedDocument } from '../../src/load/yaml-documents.js';
import { isObject, type JsonObject } from '../../src/json.js';
import { modelFromDocuments } from '../../src/model/from-manifests/index.js';
import { readDocument } from '../../src/adapters/registry.js';
import { OBJECT_CONTEXT } from '../../src/adapters/types.js';
import type { Model } from '../../src/model/types.js';
import { mergeModels } from '../../src/model/merge.js';
import { effectiveEnv } from '../../src/rules/facts/agent-facts.js';
import { subjectOf, type Subject } from '../subject.js';
import { isControlled } from '../review.js';
import { HELM_RELEASE_SECRET_TYPE } from '../kinds.js';

/** The env var whose Secret the cache must watch. */
export const TOKEN_ENV = 'DD_CLUSTER_AGENT_AUTH_TOKEN';

export interface SecretName {
  namespace: string;
  name: string;
}

export const secretKey = (s: SecretName): string => `${s.namespace}/${s.name}`;

const isAgent = (w: Model['workloads'][number]) => w.role === 'node-agent' || w.role === 'cluster-agent';

export class ClusterStore {
  private readonly parts = new Map<string, Model>();
  private readonly releases = new Map<string, Subject>();
  private merged: Model | undefined;
  private mergedAll: Model | undefined;
  /** Called after every change (the informers reconcile the Secret watchers; the audit schedules a run). */
  onChange: () => void = () => {};

  /** apps: keep app workloads and release Secrets too (the audit judges them). */
  constructor(private readonly apps = false) {}

  /** Add or replace an object read from the API (list items carry no kind: it is given). */
  set(kind: string, object: JsonObject): void {
    const key = objectKey(kind, object);
    if (!key) return;
    if (this.apps && kind === 'Secret' && object.type === HELM_RELEASE_SECRET_TYPE) return this.setRelease(key, object);
    const file = `cluster ${key}`;
    const doc: ParsedDocument = { file, value: { ...object, kind }, locations: new Map(), start: { file, line: 1, column: 1 } };
    const part = modelFromDocuments(readDocument(doc, OBJECT_CONTEXT).documents);
    // A controller's objects (a Deployment's ReplicaSets and Pods) are judged through their owner.
    const owned = isControlled(object);
    part.workloads = part.workloads.filter((w) => isAgent(w) || (this.apps && !owned));
    part.objects = [];
    const keep = part.workloads.length + part.services.length + part.secrets.length > 0;
    const had = this.parts.has(key);
    if (keep) this.parts.set(key, part);
    else this.parts.delete(key);
    if (keep || had) this.changed();
  }

  private setRelease(key: string, object: JsonObject): void {
    const meta = isObject(object.metadata) ? object.metadata : {};
    const subject = subjectOf(object, { kind: 'Secret', namespace: String(meta.namespace ?? ''), name: String(meta.name ?? '') });
    if (subject?.release) this.releases.set(key, subject);
    else this.releases.delete(key);
    this.changed();
  }

  delete(kind: string, object: JsonObject): void {
    const key = objectKey(kind, object);
    if (key && (this.parts.delete(key) || this.releases.delete(key))) this.changed();
  }

  /** What admission reads: agent workloads, Services, token Secrets, merged (the same object until the next change). */
  model(): Model {
    if (!this.apps) return (this.merged ??= mergeModels(this.parts.values()));
    return (this.merged ??= mergeModels([...this.parts.values()].map((p) => ({ ...p, workloads: p.workloads.filter(isAgent) }))));
  }

  /** Everything kept (with `apps`: every workload no controller owns). */
  everything(): Model {
    return (this.mergedAll ??= mergeModels(this.parts.values()));
  }

  /** The Datadog releases stored in Helm release Secrets (with `apps`). */
  releaseSubjects(): Subject[] {
    return [...this.releases.values()];
  }

  /** Token Secrets the cached agent workloads read (DD_CLUSTER_AGENT_AUTH_TOKEN from a secretKeyRef). */
  tokenSecrets(): SecretName[] {
    const out = new Map<string, SecretName>();
    for (const w of this.model().workloads) {
      for (const c of w.containers) {
        const ref = effectiveEnv(c, TOKEN_ENV)?.secretKeyRef;
        if (ref) out.set(`${w.ref.namespace}/${ref.name}`, { namespace: w.ref.namespace, name: ref.name });
      }
    }
    return [...out.values()];
  }

  get size(): number {
    return this.parts.size + this.releases.size;
  }

  private changed(): void {
    this.merged = undefined;
    this.mergedAll = undefined;
    this.onChange();
  }
}

function objectKey(kind: string, object: JsonObject): string | undefined {
  const meta = isObject(object.metadata) ? object.metadata : {};
  if (typeof meta.name !== 'string') return undefined;
  return `${kind}/${typeof meta.namespace === 'string' ? meta.namespace : ''}/${meta.name}`;
}
