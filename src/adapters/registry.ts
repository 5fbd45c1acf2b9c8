/**
 * The one registry of input kinds. A text goes to the text adapters first (a plain values file is
 * read once); otherwise its YAML documents are parsed and each goes to the document adapters in
 * order, the manifest adapter last. A text of documents none of which is a Kubernetes object is a
 * values file, or an error when it cannot be one.
 */
import type { SourceText } from '../load/inputs.js';
import { parseYamlDocuments, type ParsedDocument } from '../load/yaml-documents.js';
import { detectInputKind } from '../load/detect.js';
import { InputError } from '../load/input-error.js';
import { notDatadogValues } from './datadog-values.js';
import { helmReleaseSecretAdapter } from './helm-release-secret.js';
import { manifestAdapter } from './manifest.js';
import { valuesFileAdapter, valuesFromText } from './values-file.js';
import { helmfileAdapter } from './helmfile.js';
import { kustomizeHelmChartsAdapter } from './kustomize-helm-charts.js';
import { umbrellaChartAdapter, umbrellaValuesAdapter } from './umbrella-chart.js';
import { argoApplicationAdapter } from './argo-application.js';
import { FLUX_REFERENCED_KINDS, fluxHelmReleaseAdapter } from './flux-helm-release.js';
import { isObject } from '../json.js';
import type { AdapterContext, AdmittedKind, DocumentAdapter, InputParts, ObjectKey, TextAdapter } from './types.js';

export const TEXT_ADAPTERS: readonly TextAdapter[] = [
  // Wrappers of the datadog chart; an umbrella chart's values.yaml before the values file it would otherwise be read as.
  helmfileAdapter,
  kustomizeHelmChartsAdapter,
  umbrellaChartAdapter,
  umbrellaValuesAdapter,
  valuesFileAdapter,
];
export const DOCUMENT_ADAPTERS: readonly DocumentAdapter[] = [
  helmReleaseSecretAdapter,
  // GitOps wrappers (Argo CD, Flux): kept together.
  argoApplicationAdapter,
  fluxHelmReleaseAdapter,
  manifestAdapter,
];

/** Kinds adapters read (and so the webhook admits) besides those the policies judge. */
export const ADMITTED_KINDS: readonly AdmittedKind[] = DOCUMENT_ADAPTERS.flatMap((a) => a.admits ?? []);

/** Kinds parsed in manifests whatever the run's keepKind: what the adapters read. */
const READ_KINDS = new Set<string>(ADMITTED_KINDS.map((k) => k.kind));
/** Kinds a wrapper may name (a Flux HelmRelease's valuesFrom): parsed, with their syntax kept, when the input set holds such a wrapper. */
const REFERENCED_KINDS = new Set<string>(FLUX_REFERENCED_KINDS);

/**
 * Whether the input set may name other objects of it (a Flux HelmRelease with valuesFrom or a
 * chartRef): a look at the texts before they are parsed, loose on purpose (JSON, a List's items):
 * a false yes only costs time.
 */
export const mayReferenceObjects = (texts: readonly SourceText[]): boolean =>
  texts.some((s) => s.text.includes('HelmRelease') && (s.text.includes('valuesFrom') || s.text.includes('chartRef')));

/** What one document stands for. */
export function readDocument(doc: ParsedDocument, context: AdapterContext): InputParts {
  for (const adapter of DOCUMENT_ADAPTERS) {
    const parts = adapter.readDocument(doc, context);
    // A wrapper read into releases: its own duplicate keys would go unseen with the document.
    if (parts && doc.duplicates?.length && !parts.documents.includes(doc)) return { ...parts, duplicates: [...(parts.duplicates ?? []), ...doc.duplicates] };
    if (parts) return parts;
  }
  return { releases: [], documents: [doc] };
}

/**
 * What one input text stands for. Throws InputError when it cannot be read. A file found by walking
 * (not named) that is none of Datadog's comes back `skipped`, with the reason.
 */
export function readText(source: SourceText, context: AdapterContext): InputParts {
  const parts = readAnyText(source, context);
  if (!source.found) return parts;
  // A wrapper's release (described) names the datadog chart: it is Datadog's whatever values it holds, even none.
  const judged = parts.documents.length === 0 && parts.releases.length > 0 && parts.releases.every((r) => !r.describe);
  const skipped = judged ? firstReason(parts.releases.map((r) => notDatadogValues(r.values[0]?.value ?? {}))) : undefined;
  return skipped ? { releases: [], documents: [], skipped } : parts;
}

/** A reason when every release's values have one (a file holds one release, or several of one wrapper). */
const firstReason = (reasons: (string | undefined)[]) => (reasons.every((r) => r !== undefined) ? reasons[0] : undefined);

function readAnyText(source: SourceText, context: AdapterContext): InputParts {
  for (const adapter of TEXT_ADAPTERS) {
    const parts = adapter.readText(source, context);
    if (parts) return parts;
  }
  const keep = context.keepKind;
  const referenced = (kind: string) => context.referencedObjects !== false && REFERENCED_KINDS.has(kind);
  const docs = parseYamlDocuments(source.file, source.text, {
    ...(keep ? { keepKind: (kind: string) => READ_KINDS.has(kind) || referenced(kind) || keep(kind) } : {}),
    // Adapters read a values string inside a wrapper or a referenced ConfigMap from its syntax tree.
    keepSyntax: (kind) => READ_KINDS.has(kind) || referenced(kind),
  });
  let kind;
  try {
    kind = detectInputKind(source.file, docs);
  } catch (err) {
    // Found by walking, a YAML file that is neither values nor manifests (an Ansible playbook) is not Datadog's.
    if (source.found && err instanceof InputError) return { releases: [], documents: [], skipped: 'neither Helm values nor Kubernetes manifests' };
    throw err;
  }
  if (kind === 'values') return valuesFromText(source, context);
  const out: InputParts = { releases: [], documents: [] };
  for (const doc of docs) {
    const parts = readDocument(doc, context);
    out.releases.push(...parts.releases);
    out.documents.push(...parts.documents);
    if (parts.unread?.length) (out.unread ??= []).push(...parts.unread);
    if (parts.deferred?.length) (out.deferred ??= []).push(...parts.deferred);
    if (parts.duplicates?.length) (out.duplicates ??= []).push(...parts.duplicates);
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
