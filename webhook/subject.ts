/**
 * What an admitted object stands for, as a model the engine lints: read through the same input
 * adapters as the CLI's files (src/adapters/registry.ts). A Kubernetes object is a one-document
 * manifest; a Helm release Secret of the datadog chart is the release that chart would render.
 */
import type { ParsedDocument } from '../src/load/yaml-documents.js';
import { isObject, type JsonObject } from '../src/json.js';
import { completeParts, readDocument } from '../src/adapters/registry.js';
import type { ChartDefaults } from '../src/chart/defaults.js';
import { releaseModel } from '../src/engine/model-of.js';
import { modelFromDocuments } from '../src/model/from-manifests/index.js';
import type { Model, ObjectRef } from '../src/model/types.js';
import { pathLocator } from '../src/load/json-locations.js';
import { OBJECT_CONTEXT, type InputParts } from '../src/adapters/types.js';

export interface Subject {
  /** What findings about the admitted object carry as their `file`. */
  file: string;
  /** The admitted object. */
  ref: ObjectRef;
  /** Every object the subject stands for (the object itself; a release: what it renders). */
  refs: ObjectRef[];
  model: Model;
  /** `Deployment shop/web`, or `Helm release datadog/datadog revision 2 (chart datadog 3.240.0)`. */
  describe: string;
  /** The release a Helm release Secret stores. */
  release?: { name: string; namespace: string };
}

export interface RequestIdentity {
  kind: string;
  namespace: string;
  name: string;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/**
 * The subject of an object (request.object or request.oldObject). Undefined when there is nothing
 * to lint: a Helm release of another chart. `defaults`: the chart defaults of a release that
 * carries none (an Argo CD Application, a Flux HelmRelease).
 */
export function subjectOf(object: JsonObject, id: RequestIdentity, defaults?: ChartDefaults): Subject | undefined {
  const metadata = isObject(object.metadata) ? object.metadata : {};
  const namespace = str(metadata.namespace) ?? id.namespace;
  // A generateName object may reach validation without a name: name it after the request.
  const name = str(metadata.name) ?? id.name ?? str(metadata.generateName) ?? '<unnamed>';
  const kind = str(object.kind) ?? id.kind;
  const ref: ObjectRef = { kind, namespace, name };
  const file = `${kind} ${namespace}/${name}`;
  const value: JsonObject = { ...object, kind, metadata: { ...metadata, name, namespace } };
  const doc: ParsedDocument = { file, value, locations: new Map(), locate: pathLocator(file), start: { file, line: 1, column: 1 } };
  // Alone: a valuesFrom object is not among the inputs of an admission (it is reported unread).
  const read = completeParts([readDocument(doc, OBJECT_CONTEXT)]);
  const parts: InputParts = { releases: read.flatMap((p) => p.releases), documents: read.flatMap((p) => p.documents), unread: read.flatMap((p) => p.unread ?? []) };
  const [release] = parts.releases;
  const chart = release?.chartDefaults ?? defaults;
  if (release && chart) {
    const model = releaseModel(release, chart, { releaseName: release.name ?? 'release', namespace: release.namespace || namespace });
    model.unreadSources.push(...parts.unread!);
    const refs = [ref, ...model.workloads.map((w) => w.ref), ...model.services.map((s) => s.ref), ...model.secrets.map((s) => s.ref)];
    const describe = release.describe ?? file;
    // A release Secret's values have a file of their own; a wrapper's are located in the wrapper.
    const subjectFile = release.chartDefaults ? release.values[0]!.file : file;
    return { file: subjectFile, ref, refs, model, describe, release: { name: release.name ?? 'release', namespace: release.namespace || namespace } };
  }
  if (parts.releases.length > 0) return undefined; // a wrapper's release, and no defaults to model it over
  if (parts.documents.length === 0) return undefined;
  return { file, ref, refs: [ref], model: modelFromDocuments(parts.documents, namespace), describe: file };
}
