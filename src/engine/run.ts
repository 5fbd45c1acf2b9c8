/** From command-line inputs to findings: read, merge like Helm, model, lint. */
import { InputError } from '../load/input-error.js';
import { readInputs, type SourceText } from '../load/inputs.js';
import { parseHelmYaml, type ParsedValues } from '../load/helm-yaml.js';
import { coalesce, mergeUserValues, type SetArg, type ValuesRelease } from '../load/values.js';
import { bundledDefaults, chartDefaultsFrom, type ChartDefaults } from '../chart/defaults.js';
import { modelFromValues, DEFAULT_RELEASE, type ReleaseOptions } from '../model/from-values/index.js';
import { emptyModel, type Model } from '../model/types.js';
import type { Finding } from '../model/finding.js';
import type { Policy } from '../generated/policy.js';
import { loadPolicies } from '../policy/load.js';
import { parseYamlDocuments } from '../load/yaml-documents.js';
import { isModelledKind, modelFromDocuments } from '../model/from-manifests/index.js';
import { detectInputKind } from '../load/detect.js';
import { lintModel } from './lint.js';

export interface RunOptions {
  /** Positional inputs (files, directories, `-`): manifests, or values files (each its own release), told apart by content. */
  files: string[];
  /** -f/--values files: merged in order into one release. */
  values: string[];
  /** --set / --set-string, applied to the -f release, or to each positional release when there is none. */
  sets: SetArg[];
  chartVersion?: string;
  /** --chart DIR|TGZ: read the chart defaults from another chart. */
  chart?: string;
  release?: ReleaseOptions;
}

export interface RunResult {
  findings: Finding[];
  sources: Map<string, string>;
  policies: Policy[];
  model: Model;
}

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

/** Lint texts already in memory: positional inputs (values or manifests) and -f values files. */
export async function lintTexts(positional: SourceText[], valuesFiles: SourceText[], options: Omit<RunOptions, 'files' | 'values'>): Promise<RunResult> {
  const sources = new Map<string, string>();
  for (const s of [...valuesFiles, ...positional]) sources.set(s.file, s.text);
  const releaseFiles: ParsedValues[][] = [];
  if (valuesFiles.length > 0) releaseFiles.push(valuesFiles.map((s) => parseHelmYaml(s.file, s.text)));
  const model = emptyModel();
  const add = (part: Model) => {
    for (const key of Object.keys(model) as (keyof Model)[]) (model[key] as unknown[]).push(...part[key]);
  };
  for (const { file, text } of positional) {
    const docs = parseYamlDocuments(file, text, { keepKind: isModelledKind });
    if (detectInputKind(file, docs) === 'manifests') add(modelFromDocuments(docs));
    else releaseFiles.push([parseHelmYaml(file, text)]);
  }
  if (releaseFiles.length > 0) {
    const defaults = options.chart ? await chartDefaultsFrom(options.chart) : await bundledDefaults(options.chartVersion);
    releaseFiles.forEach((files, index) => {
      const sets = valuesFiles.length === 0 || index === 0 ? options.sets : [];
      add(modelFromValues(buildRelease(files, sets, defaults), defaults.values, options.release ?? DEFAULT_RELEASE));
    });
  }
  const policies = loadPolicies();
  return { findings: lintModel(model, policies, { sources }), sources, policies, model };
}

export async function run(options: RunOptions): Promise<RunResult> {
  if (options.files.length === 0 && options.values.length === 0) throw new InputError('no input files (usage: dd-lint [options] <files...>)');
  return lintTexts(readInputs(options.files), readInputs(options.values), options);
}
