/**
 * What an admitted object stands for, as a model the engine lints: a Kubernetes object read as
 * a one-document manifest, or, for a Helm release Secret of the datadog chart, the release that
 * chart would render (its user values over the chart defaults the release carries).
 */
import type { ParsedDocument } from '../src/load/yaml-documents.js';
import { isObject, type JsonObject } from '../src/json.js';
import { modelFromDocuments } from '../src/model/from-manifests/index.js';
import { modelFromValues } from '../src/model/from-values/index.js';
import { buildRelease } from '../src/engine/run.js';
import type { Model, ObjectRef } from '../src/model/types.js';
import { HELM_RELEASE_SECRET_TYPE } from './kinds.js';
import { jsonLocations, pathLocator } from './json-locations.js';
import { decodeRelease, type HelmRelease } from './release.js';

/** The chart whose releases are linted from their values. */
export const DATADOG_CHART = 'datadog';

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
  release?: HelmRelease;
}

export interface RequestIdentity {
  kind: string;
  namespace: string;
  name: string;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

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
  if (kind === 'Secret' && object.type === HELM_RELEASE_SECRET_TYPE) return releaseSubject(object, ref, file);
  const value: JsonObject = { ...object, kind, metadata: { ...metadata, name, namespace } };
  const doc: ParsedDocument = { file, value, locations: new Map(), locate: pathLocator(file), start: { file, line: 1, column: 1 } };
  return { file, ref, refs: [ref], model: modelFromDocuments([doc], namespace), describe: `${kind} ${namespace}/${name}` };
}

function releaseSubject(object: JsonObject, ref: ObjectRef, secretFile: string): Subject | undefined {
  const data = isObject(object.data) ? object.data : {};
  if (typeof data.release !== 'string') return undefined;
  const release = decodeRelease(data.release);
  if (release.chartName !== DATADOG_CHART) return undefined;
  const namespace = release.namespace || ref.namespace;
  const describe = `Helm release ${namespace}/${release.name} revision ${release.revision} (chart ${release.chartName} ${release.chartVersion})`;
  const file = `${secretFile} values`;
  const parsed = { file, value: release.config, locations: jsonLocations(release.config, file), duplicates: [], text: '' };
  const values = buildRelease([parsed], [], { version: release.chartVersion, values: release.chartValues });
  const model = modelFromValues(values, release.chartValues, { releaseName: release.name || 'release', namespace });
  const refs = [ref, ...model.workloads.map((w) => w.ref), ...model.services.map((s) => s.ref), ...model.secrets.map((s) => s.ref)];
  return { file, ref, refs, model, describe, release };
}
