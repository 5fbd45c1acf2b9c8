/** From command-line inputs to findings: read, merge like Helm, model, lint. */
import { InputError } from '../load/input-error.js';
import { readFiles, readInputs, type OnInputError, type SourceText } from '../load/inputs.js';
import { parseHelmYaml, type ParsedValues } from '../load/helm-yaml.js';
import { coalesce, mergeUserValues, type SetArg, type ValuesRelease } from '../load/values.js';
import { bundledDefaults, chartDefaultsFrom, type ChartDefaults } from '../chart/defaults.js';
import { modelFromValues, DEFAULT_RELEASE, type ReleaseOptions } from '../model/from-values/index.js';
import { emptyModel, type Model } from '../model/types.js';
import type { Finding } from '../model/finding.js';
import type { Policy } from '../generated/policy.js';
import { loadPolicies } from '../policy/load.js';
import { parseYamlDocuments, type ParsedDocument } from '../load/yaml-documents.js';
import { isModelledKind, modelFromDocuments } from '../model/from-manifests/index.js';
import { detectInputKind } from '../load/detect.js';
import { lintModel, type LintResult } from './lint.js';
import { activePolicies, type ActivePolicy } from './active-policies.js';
import type { CustomPolicies } from '../policy/custom.js';
import { helpUri } from '../policy/help-uri.js';
import type { Config } from '../generated/config.js';
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
}

/** The engine's own policy: a suppression comment that suppresses nothing. */
export const UNUSED_SUPPRESSION = 'unused-suppression';

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
  const builtin = loadPolicies();
  const custom = options.custom ?? { policies: [], checks: new Map() };
  // The `object` target of custom policies sees every object: then no kind is skipped unparsed.
  const keepKind = custom.policies.some((p) => p.target === 'object') ? undefined : isModelledKind;
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
  // --set applies to the -f release, or to each positional values file when there is no -f.
  const releases: { files: ParsedValues[]; sets: SetArg[] }[] = [];
  const fileRelease = valuesFiles.map((s) => attempt(() => parseHelmYaml(s.file, s.text)));
  if (valuesFiles.length > 0 && fileRelease.every((p) => p !== undefined)) releases.push({ files: fileRelease as ParsedValues[], sets: options.sets });
  const model = emptyModel();
  const add = (part: Model) => {
    for (const key of Object.keys(model) as (keyof Model)[]) (model[key] as unknown[]).push(...part[key]);
  };
  const manifests: ParsedDocument[][] = [];
  for (const { file, text } of positional) {
    attempt(() => {
      const sets = valuesFiles.length === 0 ? options.sets : [];
      const values = plainValuesFile(file, text);
      if (values) return releases.push({ files: [values], sets });
      const docs = parseYamlDocuments(file, text, keepKind ? { keepKind } : {});
      if (detectInputKind(file, docs) === 'manifests') manifests.push(docs);
      else releases.push({ files: [parseHelmYaml(file, text)], sets });
    });
  }
  if (releases.length > 0) {
    const defaults = options.chart ? await chartDefaultsFrom(options.chart) : await bundledDefaults(options.chartVersion);
    for (const { files, sets } of releases) add(modelFromValues(buildRelease(files, sets, defaults), defaults.values, options.release ?? DEFAULT_RELEASE));
  }
  // Releases first: where a values release and a rendering of it name the same Secret, lookups find
  // the values one, whose locations are the lines the user wrote.
  for (const docs of manifests) add(modelFromDocuments(docs));
  const config = options.config ?? {};
  const policies = [...builtin, ...custom.policies];
  const result = lintModel(model, activePolicies(policies, config, custom.checks), { sources });
  const findings = result.findings;
  const unusedPolicy = activePolicies(builtin, config, new Map([[UNUSED_SUPPRESSION, () => []]])).find((p) => p.policy.id === UNUSED_SUPPRESSION);
  if (options.reportUnusedSuppressions && unusedPolicy) findings.push(...unusedSuppressionFindings(result.unusedSuppressions, unusedPolicy));
  return { findings, sources, policies, model };
}

/** Document markers at the start of a line (`---`, `...`) and directives (`%YAML`). */
const MARKER_OR_DIRECTIVE = /^(?:---|\.\.\.)(?=[ \t\r\n]|$)|^%/gm;

/**
 * A positional input that is plainly a values file, read once, the way Helm reads it: one document
 * (a `---` on its first line allowed), no top-level `kind:` line, and no apiVersion or kind key once
 * read. Anything else (undefined) goes the general way, which parses the documents to tell values
 * from manifests (and words the errors): parsing a values file twice made it twice as slow.
 */
function plainValuesFile(file: string, text: string): ParsedValues | undefined {
  if (/^["']?kind["']?[ \t]*:/m.test(text)) return undefined;
  for (const marker of text.matchAll(MARKER_OR_DIRECTIVE)) if (marker.index > 1 || marker[0] === '%') return undefined;
  let parsed: ParsedValues;
  try {
    parsed = parseHelmYaml(file, text);
  } catch (err) {
    if (err instanceof InputError) return undefined;
    throw err;
  }
  return parsed.value.apiVersion === undefined && parsed.value.kind === undefined ? parsed : undefined;
}

function unusedSuppressionFindings(unused: LintResult['unusedSuppressions'], { policy, severity }: ActivePolicy): Finding[] {
  return unused.map(({ file, suppression }) => ({
    ruleId: policy.id,
    severity,
    title: policy.title,
    message: `This dd-lint-disable${suppression.line ? '-next-line' : ''} comment${suppression.ids.length ? ` for ${suppression.ids.join(', ')}` : ''} suppresses nothing: remove it, or fix its policy id or line.`,
    location: { file, line: suppression.commentLine, column: 1 },
    related: [],
    why: policy.why,
    fix: policy.fix,
    helpUri: helpUri(policy.id),
  }));
}

export async function run(options: RunOptions): Promise<RunResult> {
  if (options.files.length === 0 && options.values.length === 0) throw new InputError('no input files (usage: dd-lint [options] <files...>)');
  const keep = options.ignore?.length ? await ignoreFilter(options.ignore, options.ignoreBase ?? process.cwd()) : undefined;
  const values = readFiles(options.values, options.onInputError);
  const positional = readInputs(options.files, keep, options.onInputError);
  // An -f file that could not be read leaves its release incomplete: none of it is linted.
  if (values.length < options.values.length) return lintTexts(positional, [], { ...options, sets: [] });
  return lintTexts(positional, values, options);
}

/** Keeps a path unless an ignore glob (relative to `base`) matches it. picomatch is loaded only when there are globs. */
async function ignoreFilter(globs: string[], base: string): Promise<(path: string) => boolean> {
  const { default: picomatch } = await import('picomatch');
  const ignored = picomatch(globs, { dot: true });
  return (path) => !ignored(relative(base, resolve(path)).split(sep).join('/'));
}
