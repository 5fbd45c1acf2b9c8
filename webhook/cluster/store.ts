/**
 * The cluster as the rules see it: what the informers hold, kept as model parts (only agent
 * workloads of the workload kinds; every Service; the watched token Secrets), merged once per
 * change, so a request pays nothing to read it.
 */
import type { ParsedDocument } from '../../src/load/yaml-documents.js';
import { isObject, type JsonObject } from '../../src/json.js';
import { modelFromDocuments } from '../../src/model/from-manifests/index.js';
import { readDocument } from '../../src/adapters/registry.js';
import type { Model } from '../../src/model/types.js';
import { mergeModels } from '../../src/model/merge.js';
import { effectiveEnv } from '../../src/rules/facts/agent-facts.js';

const NO_SETS = { sets: [] };

/** The env var whose Secret the cache must watch. */
export const TOKEN_ENV = 'DD_CLUSTER_AGENT_AUTH_TOKEN';

export interface SecretName {
  namespace: string;
  name: string;
}

export const secretKey = (s: SecretName): string => `${s.namespace}/${s.name}`;

export class ClusterStore {
  private readonly parts = new Map<string, Model>();
  private merged: Model | undefined;
  /** Called after every change (the informers reconcile the Secret watchers). */
  onChange: () => void = () => {};

  /** Add or replace an object read from the API (list items carry no kind: it is given). */
  set(kind: string, object: JsonObject): void {
    const key = objectKey(kind, object);
    if (!key) return;
    const file = `cluster ${key}`;
    const doc: ParsedDocument = { file, value: { ...object, kind }, locations: new Map(), start: { file, line: 1, column: 1 } };
    const part = modelFromDocuments(readDocument(doc, NO_SETS).documents);
    part.workloads = part.workloads.filter((w) => w.role === 'node-agent' || w.role === 'cluster-agent');
    part.objects = [];
    const keep = part.workloads.length + part.services.length + part.secrets.length > 0;
    const had = this.parts.has(key);
    if (keep) this.parts.set(key, part);
    else this.parts.delete(key);
    if (keep || had) this.changed();
  }

  delete(kind: string, object: JsonObject): void {
    const key = objectKey(kind, object);
    if (key && this.parts.delete(key)) this.changed();
  }

  /** Everything cached, merged (the same object until the next change). */
  model(): Model {
    return (this.merged ??= mergeModels(this.parts.values()));
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
    return this.parts.size;
  }

  private changed(): void {
    this.merged = undefined;
    this.onChange();
  }
}

function objectKey(kind: string, object: JsonObject): string | undefined {
  const meta = isObject(object.metadata) ? object.metadata : {};
  if (typeof meta.name !== 'string') return undefined;
  return `${kind}/${typeof meta.namespace === 'string' ? meta.namespace : ''}/${meta.name}`;
}
