/**
 * The model of what the adapters read: each release modelled over its chart version's defaults,
 * then the documents. Releases first: where a values release and a rendering of it name the same
 * Secret, lookups find the values one, whose lines are the ones the user wrote.
 */
import type { InputParts, ReleaseInput } from '../adapters/types.js';
import { completeParts } from '../adapters/registry.js';
import { coalesce, mergeUserValues, type ValuesRelease } from '../load/values.js';
import type { ParsedValues } from '../load/helm-yaml.js';
import type { SetArg } from '../load/values.js';
import type { ChartDefaults } from '../chart/defaults.js';
import { modelFromValues, DEFAULT_RELEASE, type ReleaseOptions } from '../model/from-values/index.js';
import { modelFromDocuments } from '../model/from-manifests/index.js';
import { mergeModels } from '../model/merge.js';
import { formatPath } from '../load/path.js';
import type { Model } from '../model/types.js';
import { cloneValues } from '../json.js';

export function buildRelease(parsed: ParsedValues[], sets: SetArg[], defaults: ChartDefaults): ValuesRelease {
  const merged = mergeUserValues(parsed, sets);
  return {
    files: parsed.map((p) => p.file),
    user: merged.user,
    values: coalesce(cloneValues(merged.user), defaults.values),
    chartVersion: defaults.version,
    locations: merged.locations,
    duplicates: merged.duplicates,
  };
}

export interface ModelOptions {
  /** The chart defaults of a release that carries none, given the version its input deploys (if it says one). */
  defaults: (release: ReleaseInput) => Promise<ChartDefaults>;
  /** The run's release name and namespace, for releases whose input does not say them. */
  release?: ReleaseOptions;
  /** The namespace of documents that name none. */
  defaultNamespace?: string;
  /** Documents already modelled as they were read (see lintTexts), in input order: they follow the releases. */
  documentModels?: Model[];
  /** Keep every manifest object in `objects` (custom policies on the `object` target read them); default true. */
  keepObjects?: boolean;
}

export function releaseModel(release: ReleaseInput, defaults: ChartDefaults, fallback: ReleaseOptions = DEFAULT_RELEASE): Model {
  const chart = release.chartDefaults ?? defaults;
  const options = { releaseName: release.name ?? fallback.releaseName, namespace: release.namespace || fallback.namespace };
  const model = modelFromValues(buildRelease(release.values, release.sets, chart), chart.values, options);
  // Objects of two releases never meet (src/model/types.ts ObjectRef.release); the key is how findings name the release.
  const key = `${options.namespace}/${options.releaseName} from ${release.describe ?? release.values.map((v) => v.file).join(' + ')}`;
  for (const { ref } of [...model.workloads, ...model.services, ...model.secrets, ...model.roles, ...model.roleBindings]) ref.release = key;
  for (const platform of model.platforms) platform.release = key;
  return model;
}

export async function modelOf(read: InputParts[], options: ModelOptions): Promise<Model> {
  const parts = completeParts(read);
  const models: Model[] = [];
  for (const release of parts.flatMap((p) => p.releases)) models.push(releaseModel(release, release.chartDefaults ?? (await options.defaults(release)), options.release));
  for (const documentModel of options.documentModels ?? []) models.push(documentModel);
  const documents = parts.flatMap((p) => p.documents);
  if (documents.length > 0) models.push(modelFromDocuments(documents, options.defaultNamespace, options.keepObjects));
  const model = mergeModels(models);
  model.unreadSources.push(...parts.flatMap((p) => p.unread ?? []));
  model.duplicateKeys.push(...wrapperDuplicates(parts, model));
  return model;
}

/** A wrapper's duplicate keys that its releases' values do not already report (those inside a values block are theirs). */
function wrapperDuplicates(parts: InputParts[], model: Model): Model['duplicateKeys'] {
  const at = (l: { file: string; line: number; column: number }) => `${l.file}:${l.line}:${l.column}`;
  const known = new Set(model.duplicateKeys.map((d) => at(d.origin)));
  return parts.flatMap((p) => p.duplicates ?? []).filter((d) => !known.has(at(d.second))).map((d) => ({ path: formatPath(d.path), origin: d.second, first: d.first }));
}
