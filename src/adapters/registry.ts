/**
 * The one registry of input kinds. A text goes to the text adapters first (a plain values file is
 * read once); otherwise its YAML documents are parsed and each goes to the document adapters in
 * order, the manifest adapter last. A text of documents none of which is a Kubernetes object is a
 * values file, or an error when it cannot be one.
 */
import type { SourceText } from '../load/inputs.js';
import { parseYamlDocuments, type ParsedDocument } from '../load/yaml-documents.js';
import { detectInputKind } from '../load/detect.js';
import { helmReleaseSecretAdapter } from './helm-release-secret.js';
import { manifestAdapter } from './manifest.js';
import { valuesFileAdapter, valuesFromText } from './values-file.js';
import { argoApplicationAdapter } from './argo-application.js';
import { FLUX_REFERENCED_KINDS, fluxHelmReleaseAdapter } from './flux-helm-release.js';
import { isObject } from '../json.js';
import type { AdapterContext, AdmittedKind, DocumentAdapter, InputParts, ObjectKey, TextAdapter } from './types.js';

export const TEXT_ADAPTERS: readonly TextAdapter[] = [valuesFileAdapter];
export const DOCUMENT_ADAPTERS: readonly DocumentAdapter[] = [
  helmReleaseSecretAdapter,
  // GitOps wrappers (Argo CD, Flux): kept together.
  argoApplicationAdapter,
  fluxHelmReleaseAdapter,
  manifestAdapter,
];

/** Kinds adapters read (and so the webhook admits) besides those the policies judge. */
export const ADMITTED_KINDS: readonly AdmittedKind[] = DOCUMENT_ADAPTERS.flatMap((a) => a.admits ?? []);

/** Kinds parsed in manifests whatever the run's keepKind: what the adapters read, and what a wrapper may name. */
const READ_KINDS = new Set<string>([...ADMITTED_KINDS.map((k) => k.kind), ...FLUX_REFERENCED_KINDS]);

/** What one document stands for. */
export function readDocument(doc: ParsedDocument, context: AdapterContext): InputParts {
  for (const adapter of DOCUMENT_ADAPTERS) {
    const parts = adapter.readDocument(doc, context);
    if (parts) return parts;
  }
  return { releases: [], documents: [doc] };
}

/** What one input text stands for. Throws InputError when it cannot be read. */
export function readText(source: SourceText, context: AdapterContext): InputParts {
  for (const adapter of TEXT_ADAPTERS) {
    const parts = adapter.readText(source, context);
    if (parts) return parts;
  }
  const keep = context.keepKind;
  const docs = parseYamlDocuments(source.file, source.text, keep ? { keepKind: (kind) => READ_KINDS.has(kind) || keep(kind) } : {});
  if (detectInputKind(source.file, docs) === 'values') return valuesFromText(source, context);
  const out: InputParts = { releases: [], documents: [] };
  for (const doc of docs) {
    const parts = readDocument(doc, context);
    out.releases.push(...parts.releases);
    out.documents.push(...parts.documents);
    if (parts.unread?.length) (out.unread ??= []).push(...parts.unread);
    if (parts.deferred?.length) (out.deferred ??= []).push(...parts.deferred);
  }
  return out;
}

/**
 * The second pass, once every input is read: each deferred release (a Flux HelmRelease with
 * valuesFrom) is completed with the documents of the whole input set. Returns parts with no
 * deferred release left.
 */
export function completeParts(parts: InputParts[]): InputParts[] {
  if (!parts.some((p) => p.deferred?.length)) return parts;
  const index = new Map<string, ParsedDocument>();
  const keyOf = (k: ObjectKey) => `${k.kind}/${k.namespace}/${k.name}`;
  for (const doc of parts.flatMap((p) => p.documents)) {
    const value = doc.value;
    if (!isObject(value) || typeof value.kind !== 'string' || !isObject(value.metadata) || typeof value.metadata.name !== 'string') continue;
    // An object written without a namespace (kustomize or the apply sets it) matches any.
    const namespace = typeof value.metadata.namespace === 'string' ? value.metadata.namespace : '';
    index.set(keyOf({ kind: value.kind, namespace, name: value.metadata.name }), doc);
  }
  const find = (k: ObjectKey) => index.get(keyOf(k)) ?? index.get(keyOf({ ...k, namespace: '' }));
  return parts.flatMap((p) => {
    if (!p.deferred?.length) return [p];
    const { deferred, ...rest } = p;
    return [rest, ...deferred.map((d) => d.complete(find))];
  });
}
