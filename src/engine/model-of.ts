/**
 * The model of what the adapters read: each release modelled over its chart version's defaults,
 * then the documents. Releases first: where a values release and a rendering of it name the same
 * Secret, lookups find the values one, whose lines are the ones the user wrote.
 */
import type { InputParts, ReleaseInput } from '../adapters/types.js';
import { coalesce, mergeUserValues, type ValuesRelease } from '../load/values.js';
import type { ParsedValues } from '../load/helm-yaml.js';
import type { SetArg } from '../load/values.js';
import type { ChartDefaults } from '../chart/defaults.js';
import { modelFromValues, DEFAULT_RELEASE, type ReleaseOptions } from '../model/from-values/index.js';
import { modelFromDocuments } from '../model/from-manifests/index.js';
import { mergeModels } from '../model/merge.js';
import type { Model } from '../model/types.js';

export function buildRelease(parsed: ParsedValues[], sets: SetArg[], defaults: ChartDefaults): ValuesRelease {
  const merged = mergeUserValues(parsed, sets);
  return {
    files: parsed.map((p) => p.file),
    user: merged.user,
    values: coalesce(structuredClone(merged.user), defaults.values),
    chartVersion: defaults.version,
    locations: merged.locations,
    duplicates: merged.duplicates,
  };
}

export interface ModelOptions {
  /** The chart defaults of a release that carries none (resolved once per run, only when a release needs them). */
  defaults: () => Promise<ChartDefaults>;
  /**
   * The defaults of the chart version (or range) a release's input names, when the run reads
   * bundled defaults (not with --chart); undefined when no bundled version matches, and the
   * release is then modelled over the run's defaults.
   */
  versionDefaults?: (version: string) => Promise<ChartDefaults | undefined>;
  /** The run's release name and namespace, for releases whose input does not say them. */
  release?: ReleaseOptions;
  /** The namespace of documents that name none. */
  defaultNamespace?: string;
}

export function releaseModel(release: ReleaseInput, defaults: ChartDefaults, fallback: ReleaseOptions = DEFAULT_RELEASE): Model {
  const chart = release.chartDefaults ?? defaults;
  const options = { releaseName: release.name ?? fallback.releaseName, namespace: release.namespace || fallback.namespace };
  return modelFromValues(buildRelease(release.values, release.sets, chart), chart.values, options);
}

export async function modelOf(parts: InputParts[], options: ModelOptions): Promise<Model> {
  const releases = parts.flatMap((p) => p.releases);
  const needDefaults = releases.some((r) => !r.chartDefaults);
  const defaults = needDefaults ? await options.defaults() : undefined;
  const byVersion = new Map<string, ChartDefaults | undefined>();
  for (const r of releases) {
    if (r.chartDefaults || !r.chartVersion || !options.versionDefaults || byVersion.has(r.chartVersion)) continue;
    byVersion.set(r.chartVersion, await options.versionDefaults(r.chartVersion));
  }
  const models: Model[] = releases.map((r) => releaseModel(r, r.chartDefaults ?? (r.chartVersion ? byVersion.get(r.chartVersion) : undefined) ?? defaults!, options.release));
  const documents = parts.flatMap((p) => p.documents);
  if (documents.length > 0) models.push(modelFromDocuments(documents, options.defaultNamespace));
  return mergeModels(models);
}
