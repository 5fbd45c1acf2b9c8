/**
 * A Flux HelmRelease (helm.toolkit.fluxcd.io v2, v2beta2, v2beta1) of the datadog chart, read the
 * way helm-controller composes its values (chartutil.ChartValuesFromReferences):
 *   1. each spec.valuesFrom entry in order: the `valuesKey` (default `values.yaml`) of a ConfigMap
 *      or Secret in the HelmRelease's namespace, deep-merged over what came before; with
 *      `targetPath`, the key's text is one value set at that path as `--set path=text` would
 *      (`--set-string` when the text is quoted). Here a targetPath value is its own layer, which
 *      differs from Flux only for a path into a list written by an earlier entry;
 *   2. spec.values deep-merged on top.
 * A valuesFrom object is looked up among the inputs (any file of the run): one that is not there,
 * or lacks its key, is reported unread and the release is linted with the rest.
 *
 * The chart: spec.chart.spec.chart, or (v2) spec.chartRef to a HelmChart (its spec.chart) or an
 * OCIRepository (the last segment of its spec.url) when that object is among the inputs, else the
 * chartRef's name (a chart is named after what it deploys). Release name: spec.releaseName, else
 * `<targetNamespace>-<name>` with a targetNamespace, else the name; v2beta2 and v2 shorten a name
 * over 53 characters to its first 40, `-` and 12 hex digits of its SHA-256. Namespace:
 * spec.targetNamespace, else the HelmRelease's. Chart version: spec.chart.spec.version as written
 * (or the referenced object's version or tag).
 */
import { createRequire } from 'node:module';
import { isObject, type JsonObject } from '../json.js';
import type { ParsedValues } from '../load/helm-yaml.js';
import { InputError } from '../load/input-error.js';
import { applySet } from '../load/helm-set.js';
import { pathKey, type ValuesPath } from '../load/path.js';
import type { ParsedDocument } from '../load/yaml-documents.js';
import { fieldLocation, valuesInString, valuesInTree } from './embedded-values.js';
import { DATADOG_CHART } from './helm-release-secret.js';
import type { DocumentAdapter, InputParts, ObjectKey, ReleaseInput } from './types.js';

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const obj = (v: unknown): JsonObject => (isObject(v) ? v : {});

export const HELM_RELEASE_GROUP = 'helm.toolkit.fluxcd.io';
/** The kinds a HelmRelease may name (valuesFrom, chartRef): the registry keeps them parsed. */
export const FLUX_REFERENCED_KINDS = ['ConfigMap', 'Secret', 'HelmChart', 'OCIRepository'] as const;

type Find = (key: ObjectKey) => ParsedDocument | undefined;

export const fluxHelmReleaseAdapter: DocumentAdapter = {
  name: 'Flux HelmRelease',
  // v2beta1 and v2beta2 objects reach the webhook as v2 (the CRD converts them).
  admits: [{ kind: 'HelmRelease', group: HELM_RELEASE_GROUP, version: 'v2', resource: 'helmreleases' }],
  readDocument(doc) {
    const hr = doc.value;
    if (!isObject(hr) || hr.kind !== 'HelmRelease' || typeof hr.apiVersion !== 'string' || !hr.apiVersion.startsWith(`${HELM_RELEASE_GROUP}/`)) return undefined;
    const spec = obj(hr.spec);
    const chart = str(obj(obj(spec.chart).spec).chart);
    const chartRef = isObject(spec.chartRef) ? spec.chartRef : undefined;
    if (chart !== undefined && chart !== DATADOG_CHART) return undefined;
    if (chart === undefined && !chartRef) return undefined;
    const needsInputs = chartRef !== undefined || (Array.isArray(spec.valuesFrom) && spec.valuesFrom.length > 0);
    if (!needsInputs) return release(doc, hr, () => undefined);
    return { releases: [], documents: [], deferred: [{ complete: (find) => release(doc, hr, find) }] };
  },
};

function release(doc: ParsedDocument, hr: JsonObject, find: Find): InputParts {
  const spec = obj(hr.spec);
  const metadata = obj(hr.metadata);
  const namespace = str(metadata.namespace) ?? 'default';
  const chart = chartOf(spec, namespace, find);
  if (chart.name !== DATADOG_CHART) return { releases: [], documents: [] };
  const unread: NonNullable<InputParts['unread']> = [];
  const values: ParsedValues[] = [];
  const refs = Array.isArray(spec.valuesFrom) ? spec.valuesFrom : [];
  refs.forEach((ref, i) => {
    if (!isObject(ref)) return;
    const layer = valuesFrom(doc, ref, ['spec', 'valuesFrom', i], namespace, find, unread);
    if (layer) values.push(layer);
  });
  if (isObject(spec.values)) values.push(valuesInTree(doc, ['spec', 'values'], spec.values));
  const name = releaseName(hr);
  const targetNamespace = str(spec.targetNamespace) ?? namespace;
  const out: ReleaseInput = {
    values,
    sets: [],
    name,
    namespace: targetNamespace,
    ...(chart.version ? { chartVersion: chart.version } : {}),
    describe: `Flux HelmRelease ${namespace}/${str(metadata.name) ?? '<unnamed>'} (chart ${DATADOG_CHART}${chart.version ? ` ${chart.version}` : ''})`,
  };
  return { releases: [out], documents: [], ...(unread.length ? { unread } : {}) };
}

/** The chart a HelmRelease deploys, and the version it asks for. */
function chartOf(spec: JsonObject, namespace: string, find: Find): { name?: string; version?: string } {
  const template = obj(obj(spec.chart).spec);
  if (str(template.chart)) return { name: str(template.chart)!, ...(str(template.version) ? { version: str(template.version)! } : {}) };
  const ref = obj(spec.chartRef);
  const kind = str(ref.kind);
  const name = str(ref.name);
  if (!kind || !name) return {};
  const target = find({ kind, namespace: str(ref.namespace) ?? namespace, name });
  const targetSpec = obj(obj(target?.value).spec);
  if (target && kind === 'HelmChart') return { ...(str(targetSpec.chart) ? { name: str(targetSpec.chart)! } : {}), ...(str(targetSpec.version) ? { version: str(targetSpec.version)! } : {}) };
  if (target && kind === 'OCIRepository') {
    const url = str(targetSpec.url) ?? '';
    const tag = str(obj(targetSpec.ref).tag) ?? str(obj(targetSpec.ref).semver);
    return { name: url.replace(/\/+$/, '').split('/').pop() ?? '', ...(tag ? { version: tag } : {}) };
  }
  return name.includes(DATADOG_CHART) ? { name: DATADOG_CHART } : {};
}

/** helm-controller's GetReleaseName, shortened (release.ShortenName) from v2beta2 on. */
export function releaseName(hr: JsonObject): string {
  const spec = obj(hr.spec);
  const name = str(obj(hr.metadata).name) ?? '<unnamed>';
  const full = str(spec.releaseName) ?? (str(spec.targetNamespace) ? `${spec.targetNamespace as string}-${name}` : name);
  if (full.length <= 53 || hr.apiVersion === `${HELM_RELEASE_GROUP}/v2beta1`) return full;
  // node:crypto only for a long name: a start that reads none pays nothing for it.
  const { createHash } = createRequire(import.meta.url)('node:crypto') as typeof import('node:crypto');
  return `${full.slice(0, 40)}-${createHash('sha256').update(full).digest('hex').slice(0, 12)}`;
}

/** One valuesFrom entry as a values layer, or undefined (and an unread note) when it is not among the inputs. */
function valuesFrom(doc: ParsedDocument, ref: JsonObject, path: ValuesPath, namespace: string, find: Find, unread: NonNullable<InputParts['unread']>): ParsedValues | undefined {
  const kind = str(ref.kind) ?? 'ConfigMap';
  const name = str(ref.name) ?? '';
  const key = str(ref.valuesKey) ?? 'values.yaml';
  const what = `${kind} ${namespace}/${name}`;
  const origin = fieldLocation(doc, [...path, 'name']);
  const setsPath = str(ref.targetPath) ? { setsPath: str(ref.targetPath)! } : {};
  const target = find({ kind, namespace, name });
  if (!target || target.shallow) {
    unread.push({ origin, source: what, reason: `not among the inputs${ref.optional === true ? ' (optional: Flux skips it when it does not exist)' : ''}`, ...setsPath });
    return undefined;
  }
  const value = obj(target.value);
  const fromString = obj(value.stringData)[key];
  const fromData = obj(value.data)[key];
  let text: string;
  let fieldPath: ValuesPath;
  let decoded = false;
  if (kind === 'Secret' && typeof fromString === 'string') [text, fieldPath] = [fromString, ['stringData', key]];
  else if (kind === 'Secret' && typeof fromData === 'string') [text, fieldPath, decoded] = [Buffer.from(fromData, 'base64').toString('utf8'), ['data', key], true];
  else if (kind !== 'Secret' && typeof fromData === 'string') [text, fieldPath] = [fromData, ['data', key]];
  else {
    unread.push({ origin, source: `${what} key ${key}`, reason: `${what} has no key ${key}`, ...setsPath });
    return undefined;
  }
  const targetPath = str(ref.targetPath);
  if (!targetPath) return valuesInString(target, fieldPath, text, decoded);
  // ReplacePathValue: `path=text` through Helm's --set parser (as a string when the text is quoted).
  const quoted = /^(['"]).*\1$/s.test(text) && text.length >= 2;
  const layer: JsonObject = {};
  const at = fieldLocation(target, fieldPath);
  let written: ValuesPath[];
  try {
    written = applySet(layer, `${targetPath}=${quoted ? text.replace(/^['"]+|['"]+$/g, '') : text}`, { asString: quoted });
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    // Not the parser's message: it may quote part of the value (after a comma, as a key), and the value may be a secret.
    throw new InputError(
      `${doc.file}:${origin.line}:${origin.column}: valuesFrom targetPath ${JSON.stringify(targetPath)}: Helm's --set parser refuses the value of ${what} key ${key} (${text.length} characters; a targetPath takes one flat value)`,
    );
  }
  const locations = new Map(written.map((p) => [pathKey(p), at]));
  return { file: target.file, value: layer, locations, duplicates: [], text: '' };
}
