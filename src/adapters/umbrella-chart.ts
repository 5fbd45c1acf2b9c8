/**
 * An umbrella chart: a Chart.yaml whose `dependencies` (apiVersion v2; a v1 chart's
 * requirements.yaml) hold the datadog chart. Each such dependency is a release whose values are
 * the umbrella's values.yaml beside it, as Helm hands them to the subchart:
 *
 * - the values under the dependency's key (its `alias`, else `datadog`);
 * - the umbrella's `global` copied down over the subchart's own `global` (Helm's coalesceGlobals:
 *   the parent's globals win, maps merged deeply), read here as a second layer;
 * - `condition` (comma-separated paths of the umbrella's values; the first that holds a boolean
 *   decides) and, when no condition decides, `tags` (disabled when one of its tags is false and
 *   none is true): a disabled dependency is no release;
 * - the chart version: the exact one of Chart.lock (requirements.lock) when present, else the
 *   dependency's `version` (a version or a range).
 *
 * Every location points into the umbrella's values.yaml. That values.yaml is the umbrella's, not
 * the datadog chart's: read on its own (a directory walk finds it too) it yields nothing, the
 * Chart.yaml beside it yields its release (umbrellaValuesAdapter, before the values-file adapter).
 * A Chart.yaml or requirements.yaml never is a values file or a manifest: without the datadog
 * chart among its dependencies it yields nothing.
 */
import { basename, resolve } from 'node:path';
import type { SetArg } from '../load/values.js';
import { InputError } from '../load/input-error.js';
import { parseHelmYaml, type ParsedValues } from '../load/helm-yaml.js';
import type { SourceText } from '../load/inputs.js';
import { subValues } from '../load/sub-values.js';
import { pathKey } from '../load/path.js';
import { get } from '../load/values.js';
import { isObject, type Json, type JsonObject } from '../json.js';
import { noParts, type AdapterContext, type CollectedParts, type InputParts, type ReleaseInput, type TextAdapter } from './types.js';
import { readNamedValues } from './wrapper-values.js';

interface DatadogDependency {
  dependency: JsonObject;
  /** Its index among the dependencies (Chart.lock lists them in the same order). */
  index: number;
}

export const umbrellaChartAdapter: TextAdapter = {
  name: 'umbrella chart',
  readText({ file, text }: SourceText, context: AdapterContext): InputParts | undefined {
    const name = basename(file);
    if (name === 'requirements.yaml') return noParts();
    if (name !== 'Chart.yaml') return undefined;
    const chart = parseHelmYaml(file, text);
    if (datadogDependencies(chart, file, context).length === 0) return noParts();
    const out: CollectedParts = { releases: [], documents: [], unread: [] };
    out.releases.push(...umbrellaReleases(chart, context, out));
    return out;
  },
};

/** What a wrapper deploying the umbrella chart adds to it (an Argo CD Application with `path:`): values files after its values.yaml, --set over them. */
export interface UmbrellaDeployment {
  layers: ParsedValues[];
  sets: SetArg[];
  describe: string;
  name?: string;
  namespace?: string;
}

/**
 * The releases of the datadog dependencies of the umbrella chart `chart` (its Chart.yaml, parsed),
 * as Helm hands them their values: the umbrella's values.yaml, then what a wrapper deploying it
 * adds, each seen under the dependency's key and `global`.
 */
export function umbrellaReleases(chart: ParsedValues, context: AdapterContext, out: CollectedParts, deployment?: UmbrellaDeployment): ReleaseInput[] {
  const file = chart.file;
  const values = umbrellaValues(file, context, out);
  const all = [...(values ? [values] : []), ...(deployment?.layers ?? [])];
  const lock = lockedVersions(chart, file, context);
  const releases: ReleaseInput[] = [];
  for (const { dependency, index } of datadogDependencies(chart, file, context)) {
    const key = typeof dependency.alias === 'string' && dependency.alias ? dependency.alias : 'datadog';
    if (all.length > 0 && !enabled(dependency, mergedValues(all))) continue;
    const layers = all.flatMap((layer) => [withoutCondition(subValues(layer, [key]), dependency, key), subValues(layer, ['global'], ['global'])]);
    const version = lock?.[index] ?? (typeof dependency.version === 'string' && dependency.version ? dependency.version : undefined);
    const own = `umbrella chart ${typeof chart.value.name === 'string' ? chart.value.name : file} (datadog as ${key})`;
    releases.push({
      values: layers.filter((l): l is ParsedValues => l !== undefined),
      sets: (deployment?.sets ?? []).flatMap((set) => subchartSet(set, key)),
      ...(version ? { chartVersion: version } : {}),
      ...(deployment?.name ? { name: deployment.name } : {}),
      ...(deployment?.namespace ? { namespace: deployment.namespace } : {}),
      describe: deployment ? `${deployment.describe}, ${own}` : own,
      umbrella: { chart: resolve(file), deployed: deployment !== undefined },
    });
  }
  return releases;
}

/** A --set on the umbrella as the subchart sees it: `<key>.x=1` is its `x=1`, `global.x=1` its own; any other is the umbrella's alone. */
function subchartSet(set: SetArg, key: string): SetArg[] {
  if (set.expr.startsWith(`${key}.`)) return [{ ...set, expr: set.expr.slice(key.length + 1) }];
  return set.expr.startsWith('global.') ? [set] : [];
}

/** The layers merged (later maps win, maps merged deeply), for the conditions and tags that enable a dependency. */
function mergedValues(layers: ParsedValues[]): JsonObject {
  const merge = (into: JsonObject, from: JsonObject): JsonObject => {
    const out: JsonObject = { ...into };
    for (const [k, v] of Object.entries(from)) {
      const before = out[k];
      out[k] = isObject(v) && isObject(before) ? merge(before, v) : v;
    }
    return out;
  };
  return layers.reduce<JsonObject>((acc, layer) => merge(acc, layer.value), {});
}

/** A values.yaml beside a Chart.yaml that depends on the datadog chart: read through that Chart.yaml only. */
export const umbrellaValuesAdapter: TextAdapter = {
  name: 'umbrella chart values',
  readText({ file }: SourceText, context: AdapterContext): InputParts | undefined {
    if (basename(file) !== 'values.yaml' || !context.files) return undefined;
    let chart;
    try {
      const text = context.files.read(file, 'Chart.yaml');
      chart = parseHelmYaml(text.file, text.text);
    } catch (err) {
      if (err instanceof InputError) return undefined;
      throw err;
    }
    return datadogDependencies(chart, chart.file, context).length > 0 ? noParts() : undefined;
  },
};

/** Whether the chart (its Chart.yaml, parsed) depends on the datadog chart. */
export const dependsOnDatadog = (chart: ParsedValues, context: AdapterContext): boolean => datadogDependencies(chart, chart.file, context).length > 0;

/** The datadog entries of a chart's dependencies (v1: of the requirements.yaml beside it). */
function datadogDependencies(chart: ParsedValues, file: string, context: AdapterContext): DatadogDependency[] {
  let deps: Json | undefined = chart.value.dependencies;
  if (deps === undefined && chart.value.apiVersion === 'v1') deps = siblingYaml(file, 'requirements.yaml', context)?.value.dependencies;
  if (!Array.isArray(deps)) return [];
  return deps.flatMap((dependency, index) => (isObject(dependency) && dependency.name === 'datadog' ? [{ dependency, index }] : []));
}

/** The versions Chart.lock (v1: requirements.lock) pins, by dependency index. */
function lockedVersions(chart: ParsedValues, file: string, context: AdapterContext): (string | undefined)[] | undefined {
  const lock = siblingYaml(file, chart.value.apiVersion === 'v1' ? 'requirements.lock' : 'Chart.lock', context);
  const deps = lock?.value.dependencies;
  if (!Array.isArray(deps)) return undefined;
  return deps.map((d) => (isObject(d) && d.name === 'datadog' && typeof d.version === 'string' ? d.version : undefined));
}

/** A file beside `file` that may be absent (absent, refused or not YAML: undefined). */
function siblingYaml(file: string, name: string, context: AdapterContext): ParsedValues | undefined {
  if (!context.files) return undefined;
  try {
    const text = context.files.read(file, name);
    return parseHelmYaml(text.file, text.text);
  } catch (err) {
    if (err instanceof InputError) return undefined;
    throw err;
  }
}

/** The umbrella's values.yaml; a chart without one has none (not an unread source), one that cannot be read is. */
function umbrellaValues(file: string, context: AdapterContext, out: CollectedParts): ParsedValues | undefined {
  const origin = { file, line: 1, column: 1 };
  const read = readNamedValues(context, file, 'values.yaml', origin);
  if ('values' in read) return read.values;
  if (read.unread.reason !== 'no such file') out.unread.push(read.unread);
  return undefined;
}

/**
 * The subchart's values less its `condition` switch (`<alias>.enabled`): the umbrella's, not a
 * setting of the datadog chart, so no policy judges it as one.
 */
function withoutCondition(layer: ParsedValues | undefined, dependency: JsonObject, key: string): ParsedValues | undefined {
  if (!layer || typeof dependency.condition !== 'string') return layer;
  const own = dependency.condition.split(',').map((p) => p.trim().split('.')).filter((p) => p.length === 2 && p[0] === key).map((p) => p[1]!);
  if (own.length === 0) return layer;
  const value = { ...layer.value };
  const locations = new Map(layer.locations);
  for (const name of own) {
    delete value[name];
    locations.delete(pathKey([name]));
  }
  return { ...layer, value, locations };
}

/** Helm's processDependencyConditions, then processDependencyTags when no condition decided. */
function enabled(dependency: JsonObject, values: JsonObject): boolean {
  if (typeof dependency.condition === 'string') {
    for (const path of dependency.condition.split(',')) {
      const value = get(values, path.trim().split('.'));
      if (typeof value === 'boolean') return value;
    }
  }
  if (Array.isArray(dependency.tags) && isObject(values.tags)) {
    const tags = values.tags;
    const states = dependency.tags.map((t) => (typeof t === 'string' ? tags[t] : undefined)).filter((v) => typeof v === 'boolean');
    if (states.includes(true)) return true;
    if (states.includes(false)) return false;
  }
  return true;
}
