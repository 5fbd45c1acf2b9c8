/**
 * What an admitted object stands for, as a model the engine lints: read through the same input
 * adapters as the CLI's files (src/adapters/registry.ts). A Kubernetes object is a one-document
 * manifest; a Helm release Secret of the datadog chart is the release that chart would render.
 */
import type { ParsedDocument } from '../src/load/yaml-documents.js';
import { isObject, type JsonObject } from '../src/json.js';
import { readDocument } from '../src/adapters/registry.js';
import { releaseModel } from '../src/engine/model-of.js';
import { modelFromDocuments } from '../src/model/from-manifests/index.js';
import type { Model, ObjectRef } from '../src/model/types.js';
import { pathLocator } from '../src/load/json-locations.js';

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
const NO_SETS = { sets: [] };

/**
 * The subject of an object (request.object or request.oldObject). Undefined when there is nothing
 * to lint: a Helm release of another chart.
 */
export function subjectOf(object: JsonObject, id: RequestIdentity): Subject | undefined {
  const metadata = isObject(object.metadata) ? object.metadata : {};
  const namespace = str(metadata.namespace) ?? id.namespace;
  // A generateName object may reach validation without a name: name it after the request.
  const name = str(metadata.name) ?? id.name ?? str(metadata.generateName) ?? '<unnamed>';
  const kind = str(object.kind) ?? id.kind;
  const ref: ObjectRef = { kind, namespace, name };
  const file = `${kind} ${namespace}/${name}`;
  const value: JsonObject = { ...object, kind, metadata: { ...metadata, name, namespace } };
  const doc: ParsedDocument = { file, value, locations: new Map(), locate: pathLocator(file), start: { file, line: 1, column: 1 } };
  const parts = readDocument(doc, NO_SETS);
  const [release] = parts.releases;
  if (release?.chartDefaults) {
    const model = releaseModel(release, release.chartDefaults, { releaseName: release.name ?? 'release', namespace: release.namespace || namespace });
    const refs = [ref, ...model.workloads.map((w) => w.ref), ...model.services.map((s) => s.ref), ...model.secrets.map((s) => s.ref)];
    const describe = release.describe ?? file;
    return { file: release.values[0]!.file, ref, refs, model, describe, release: { name: release.name ?? 'release', namespace: release.namespace || namespace } };
  }
  if (parts.documents.length === 0) return undefined;
  return { file, ref, refs: [ref], model: modelFromDocuments(parts.documents, namespace), describe: file };
}
