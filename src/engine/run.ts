/** From command-line inputs to findings: read through the input adapters, model, lint. */
import { readFiles, readInputs, type SourceText } from '../load/inputs.js';
import { InputError, type OnInputError } from '../load/input-error.js';
import { parseHelmYaml, type ParsedValues } from '../load/helm-yaml.js';
import type { SetArg } from '../load/values.js';
import { bundledDefaults, chartDefaultsFrom, type ChartDefaults } from '../chart/defaults.js';
import { chooseChartVersion } from '../chart/version-choice.js';
import type { ReleaseOptions } from '../model/from-values/index.js';
import type { Model } from '../model/types.js';
import type { Finding } from '../model/finding.js';
import type { Policy } from '../policy/types.js';
import { loadPolicies } from '../policy/load.js';
import { isModelledKind, modelFromDocuments } from '../model/from-manifests/index.js';
import { mayReferenceObjects, readText } from '../adapters/registry.js';
import { treeFiles } from '../adapters/tree-files.js';
import { withoutNamedValuesFiles } from '../adapters/named-values-files.js';
import type { InputParts } from '../adapters/types.js';
import type { InputsRead, SkippedInput } from '../report/types.js';
import { modelOf } from './model-of.js';
import { lintModel, type LintResult } from './lint.js';
import { activePolicies, type ActivePolicy } from './active-policies.js';
import type { CustomPolicies } from '../policy/custom.js';
import { helpUri } from '../policy/help-uri.js';
import type { Config } from '../generated/config.js';
import unusedSuppression from '../rules/unused-suppression.js';
import { relative, resolve, sep } from 'node:path';

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
  /** The config file's settings (paths already resolved). */
  config?: Config;
  /** Custom JSON-Schema policies (from --policies and the config's customPolicies). */
  custom?: CustomPolicies;
  /** Report `# dd-lint-disable` comments that suppress nothing (policy unused-suppression). */
  reportUnusedSuppressions?: boolean;
  /** Glob patterns (absolute, or relative to `ignoreBase`) of inputs not to lint. */
  ignore?: string[];
  ignoreBase?: string;
  /**
   * Receives each input that cannot be read or parsed (missing, unreadable, bad YAML, over a limit
   * of src/load/limits.ts): that input is skipped and the others are linted. An -f file among them
   * drops its whole release (linting part of a merge would report what is not there). Without it,
   * the first such error is thrown. Usage problems (a bad --set, --chart) are always thrown.
   */
  onInputError?: OnInputError;
}

export interface RunResult {
  /** Every finding, suppressed ones included (they carry `suppression`). */
  findings: Finding[];
  sources: Map<string, string>;
  /** Every policy of the run, built-in and custom (SARIF lists them as rules). */
  policies: Policy[];
  model: Model;
  /** What the user should know about how the run read its inputs (a chart version it had no data for). */
  notes: string[];
  read: InputsRead;
  /** Inputs the config's ignore globs left out. */
  ignoredInputs?: number;
}

/** The engine's own policy: a suppression comment that suppresses nothing. */
export const UNUSED_SUPPRESSION = unusedSuppression.id;

/** Lint texts already in memory: positional inputs (values, manifests, anything an adapter reads) and -f values files (one release). */
export async function lintTexts(positional: SourceText[], valuesFiles: SourceText[], options: Omit<RunOptions, 'files' | 'values'>): Promise<RunResult> {
  const builtin = loadPolicies();
  const custom = options.custom ?? { policies: [], checks: new Map() };
  // The `object` target of custom policies sees every object: then no kind is skipped unparsed, and the model keeps them.
  const keepObjects = custom.policies.some((p) => p.target === 'object');
  const keepKind = keepObjects ? undefined : isModelledKind;
  const sources = new Map<string, string>();
  for (const s of [...valuesFiles, ...positional]) sources.set(s.file, s.text);
  /** Runs `work`; with onInputError, an InputError goes there and gives undefined. */
  const attempt = <T>(work: () => T): T | undefined => {
    if (!options.onInputError) return work();
    try {
      return work();
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      options.onInputError(err);
      return undefined;
    }
  };
  const parts: InputParts[] = [];
  // -f files layer into one release, which --set applies to; without -f, --set applies to each positional values file.
  const layered = valuesFiles.map((s) => attempt(() => parseHelmYaml(s.file, s.text)));
  if (valuesFiles.length > 0 && layered.every((p) => p !== undefined)) parts.push({ releases: [{ values: layered as ParsedValues[], sets: options.sets }], documents: [] });
  const context = { sets: valuesFiles.length === 0 ? options.sets : [], referencedObjects: mayReferenceObjects(positional), ...(keepKind ? { keepKind } : {}) };
  const read: { source: SourceText; parts: InputParts }[] = [];
  const skipped: SkippedInput[] = [];
  // When no input can name another's objects (no Flux valuesFrom), each file's documents are modelled
  // as soon as they are read and not held: the model is a fraction of the parsed documents' size.
  const documentModels: Model[] = [];
  for (const source of positional) {
    const sourceParts = attempt(() => readText(source, { ...context, files: treeFiles(source.root ?? '.') }));
    if (sourceParts?.skipped) {
      skipped.push({ file: source.file, reason: sourceParts.skipped });
      sources.delete(source.file);
    } else if (sourceParts && !context.referencedObjects && sourceParts.documents.length > 0) {
      documentModels.push(modelFromDocuments(sourceParts.documents, undefined, keepObjects));
      read.push({ source, parts: { ...sourceParts, documents: [] } });
    } else if (sourceParts) read.push({ source, parts: sourceParts });
  }
  for (const p of withoutNamedValuesFiles(read)) parts.push(p); // one per file: too many to spread as arguments
  // Values files a wrapper named: their suppression comments count as those of the inputs.
  for (const release of parts.flatMap((p) => p.releases)) for (const v of release.values) if (v.text && !sources.has(v.file)) sources.set(v.file, v.text);
  const notes: string[] = [];
  const defaults = new Map<string, Promise<ChartDefaults>>();
  const model = await modelOf(parts, {
    defaults: (release) => {
      if (options.chart) return chartDefaultsFrom(options.chart);
      const where = release.values[0]?.file ?? 'a release';
      const choice = chooseChartVersion(options.chartVersion, release.chartVersion, where);
      if (choice.note) notes.push(choice.note);
      let loaded = defaults.get(choice.version);
      if (!loaded) defaults.set(choice.version, (loaded = bundledDefaults(choice.version)));
      return loaded;
    },
    ...(options.release ? { release: options.release } : {}),
    documentModels,
    keepObjects,
  });
  const config = options.config ?? {};
  const policies = [...builtin, ...custom.policies];
  const active = activePolicies(policies, config, custom.checks);
  const result = lintModel(model, active, { sources });
  const findings = result.findings;
  const unusedPolicy = active.find((p) => p.policy.id === UNUSED_SUPPRESSION);
  if (options.reportUnusedSuppressions && unusedPolicy) findings.push(...unusedSuppressionFindings(result.unusedSuppressions, unusedPolicy));
  return { findings, sources, policies, model, notes, read: { files: sources.size, releases: model.releases.length, skipped } };
}

function unusedSuppressionFindings(unused: LintResult['unusedSuppressions'], { policy, severity }: ActivePolicy): Finding[] {
  return unused.map(({ file, suppression }) => ({
    ruleId: policy.id,
    severity,
    title: policy.title,
    message: unusedSuppression.messages.unused({ nextLine: Boolean(suppression.line), ids: suppression.ids }),
    location: { file, line: suppression.commentLine, column: 1 },
    related: [],
    why: policy.why,
    fix: policy.fix,
    helpUri: helpUri(policy.id),
  }));
}

export async function run(options: RunOptions): Promise<RunResult> {
  if (options.files.length === 0 && options.values.length === 0) throw new InputError('no input files (usage: dd-lint [options] <files...>)');
  const filter = options.ignore?.length ? await ignoreFilter(options.ignore, options.ignoreBase ?? process.cwd()) : undefined;
  let ignored = 0;
  const keep = filter && ((path: string) => filter(path) || (ignored++, false));
  const values = readFiles(options.values, options.onInputError);
  const positional = readInputs(options.files, keep, options.onInputError);
  // An -f file that could not be read leaves its release incomplete: none of it is linted.
  const result = await (values.length < options.values.length ? lintTexts(positional, [], { ...options, sets: [] }) : lintTexts(positional, values, options));
  return { ...result, ignoredInputs: ignored };
}

/** Keeps a path unless an ignore glob (relative to `base`) matches it. picomatch is loaded only when there are globs. */
async function ignoreFilter(globs: string[], base: string): Promise<(path: string) => boolean> {
  const { default: picomatch } = await import('picomatch');
  const ignored = picomatch(globs, { dot: true });
  return (path) => !ignored(relative(base, resolve(path)).split(sep).join('/'));
}
