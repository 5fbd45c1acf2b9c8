/**
 * An Argo CD Application (argoproj.io/v1alpha1) that deploys the datadog chart: each source that
 * names `chart: datadog` (spec.source, or each of spec.sources[]; whatever its repoURL, the chart
 * name decides), or is the OCI artifact `oci://<registry>/<repository>/datadog` (Argo CD's native
 * OCI source, whose `path` is `.` for a Helm chart), is one release, with its values layered the way Argo CD's repo-server calls
 * `helm template`, which its docs sum up as "parameters > valuesObject > values > valueFiles >
 * helm repository values.yaml":
 *   1. the chart's values.yaml (the run's chart defaults);
 *   2. helm.valueFiles in order (`--values`): in a multi-source Application `$ref/path` is `path`
 *      in the repository of the source whose `ref:` is `ref`, looked for at the root of the tree
 *      being linted (and reported unread when absent: never guessed elsewhere); a plain entry is a
 *      file of the chart package Argo CD downloads (see chartPackageFile), or of the chart
 *      directory of a `path:` source (one starting with `/`: of the repository root, which the
 *      root of the tree stands for). An entry with glob characters is each file it matches in the
 *      tree (./argo-value-globs.ts), none of them a file another entry names. With
 *      ignoreMissingValueFiles, a missing file (or a pattern matching none) is skipped as Argo CD
 *      skips it;
 *   3. ONE more values file: helm.valuesObject when set, else the helm.values string
 *      (ApplicationSourceHelm.ValuesYAML: the object replaces the string, they are not merged;
 *      a string set beside an object is reported unread);
 *   4. helm.parameters as `--set name=value` (Argo CD escapes commas in the value unless it is a
 *      `{a,b}` list), `--set-string` when forceString; Helm applies every --set before every
 *      --set-string.
 * The release is named helm.releaseName, else the Application's name; its namespace is
 * helm.namespace, else destination.namespace; its chart version is targetRevision as written (a
 * version or a range). A source with `path:` to a chart of the tree (the datadog chart, or an
 * umbrella chart that depends on it) is read there: valueFiles relative to that chart's directory,
 * as Argo CD runs helm in it, and the chart version from its Chart.yaml (targetRevision is then a
 * Git revision).
 */
import { dirname, join, posix, relative, resolve } from 'node:path';
import { isObject, type JsonObject } from '../json.js';
import { InputError } from '../load/input-error.js';
import { parseHelmYaml, type ParsedValues } from '../load/helm-yaml.js';
import type { SetArg } from '../load/values.js';
import type { ParsedDocument } from '../load/yaml-documents.js';
import type { ValuesPath } from '../load/path.js';
import { fieldLocation, valuesInString, valuesInTree } from './embedded-values.js';
import { DATADOG_CHART } from './helm-release-secret.js';
import type { AdapterContext, CollectedParts, DocumentAdapter, InputParts, ReleaseInput } from './types.js';
import { dependsOnDatadog, umbrellaReleases } from './umbrella-chart.js';
import { VALUE_FILE_GLOB, valueFileMatches } from './argo-value-globs.js';

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const obj = (v: unknown): JsonObject => (isObject(v) ? v : {});

type Unread = NonNullable<InputParts['unread']>[number];

export const argoApplicationAdapter: DocumentAdapter = {
  name: 'Argo CD Application',
  admits: [{ kind: 'Application', group: 'argoproj.io', version: 'v1alpha1', resource: 'applications' }],
  readDocument(doc, context) {
    const app = doc.value;
    if (!isObject(app) || app.kind !== 'Application' || typeof app.apiVersion !== 'string' || !app.apiVersion.startsWith('argoproj.io/')) return undefined;
    const spec = isObject(app.spec) ? app.spec : {};
    const sources: [JsonObject, ValuesPath][] = Array.isArray(spec.sources)
      ? spec.sources.flatMap((s, i): [JsonObject, ValuesPath][] => (isObject(s) ? [[s, ['spec', 'sources', i]]] : []))
      : isObject(spec.source)
        ? [[spec.source, ['spec', 'source']]]
        : [];
    const out: InputParts = { releases: [], documents: [], unread: [] };
    for (const [source, path] of sources) {
      const artifact = ociArtifact(source);
      if (source.chart === DATADOG_CHART || (source.chart === undefined && artifact === DATADOG_CHART)) out.releases.push(release(doc, app, source, path, sources, out.unread!, context));
      // An OCI artifact's path is inside the artifact, never in the tree.
      else if (artifact === undefined && str(source.path) && context.files) out.releases.push(...chartAtPath(doc, app, source, path, sources, out.unread!, context));
    }
    if (out.releases.length === 0 && out.unread!.length === 0) return undefined;
    return out;
  },
};

/** The artifact an `oci://` repoURL names (its last segment, the chart of a Helm chart artifact); undefined for any other repoURL. */
function ociArtifact(source: JsonObject): string | undefined {
  const url = str(source.repoURL);
  return url?.startsWith('oci://') ? url.replace(/\/+$/, '').split('/').pop() : undefined;
}

/**
 * The release of one source. `chart`: the chart of a `path:` source in the tree, its Chart.yaml
 * (from which valueFiles are read: Argo CD runs helm in that directory) and version; without it,
 * the source is a chart package from a Helm repository or OCI registry and the version is
 * targetRevision.
 */
function release(doc: ParsedDocument, app: JsonObject, source: JsonObject, path: ValuesPath, all: [JsonObject, ValuesPath][], unread: Unread[], context: AdapterContext, chart?: { file: string; version?: string }): ReleaseInput {
  const helm = isObject(source.helm) ? source.helm : {};
  const helmPath = [...path, 'helm'];
  const metadata = obj(app.metadata);
  const destination = obj(obj(app.spec).destination);
  const values: ParsedValues[] = [];
  const entries = (Array.isArray(helm.valueFiles) ? helm.valueFiles : []).flatMap((file, i) => (typeof file === 'string' ? [{ file, path: [...helmPath, 'valueFiles', i] }] : []));
  const base: EntryBase = chart ? { chartYaml: chart.file } : { chartPackage: source };
  // A file an entry names explicitly is not a glob's match too; a file two globs match keeps its first place.
  const matched = new Set(entries.flatMap(({ file }) => (VALUE_FILE_GLOB.test(file) ? [] : [inTree(doc, base, file, all, context)?.target ?? ''])));
  for (const { file, path } of entries) values.push(...valueFile(doc, base, file, path, all, helm.ignoreMissingValueFiles === true, unread, context, matched));
  const object = isObject(helm.valuesObject) ? helm.valuesObject : undefined;
  if (object) {
    values.push(valuesInTree(doc, [...helmPath, 'valuesObject'], object));
    if (str(helm.values)) unread.push({ origin: fieldLocation(doc, [...helmPath, 'values']), source: 'helm.values', reason: 'Argo CD uses helm.valuesObject instead when both are set' });
  } else if (str(helm.values)) values.push(valuesInString(doc, [...helmPath, 'values'], helm.values as string));
  const name = str(helm.releaseName) ?? str(metadata.name);
  const namespace = str(helm.namespace) ?? str(destination.namespace);
  // A path source's targetRevision is a Git revision, not a chart version.
  const version = chart ? chart.version : typeof source.targetRevision === 'number' ? String(source.targetRevision) : str(source.targetRevision);
  return {
    values,
    sets: parameters(doc, helm, helmPath),
    ...(name ? { name } : {}),
    ...(namespace ? { namespace } : {}),
    ...(version ? { chartVersion: version } : {}),
    describe: `Argo CD Application ${str(metadata.namespace) ?? 'default'}/${str(metadata.name) ?? '<unnamed>'} (chart ${DATADOG_CHART}${version ? ` ${version}` : ''})`,
  };
}

/** Argo CD's cleanSetParameters: a comma not already escaped is escaped, except in a `{a,b}` list. */
const escapeCommas = (value: string) => (value.startsWith('{') && value.endsWith('}') ? value : value.replace(/(?<!\\),/g, '\\,'));

function parameters(doc: ParsedDocument, helm: JsonObject, helmPath: ValuesPath): SetArg[] {
  if (!Array.isArray(helm.parameters)) return [];
  return helm.parameters.flatMap((p, i): SetArg[] => {
    if (!isObject(p) || !str(p.name)) return [];
    const value = typeof p.value === 'string' ? p.value : p.value === undefined || p.value === null ? '' : String(p.value);
    const origin = fieldLocation(doc, [...helmPath, 'parameters', i, 'name']);
    return [{ expr: `${p.name as string}=${escapeCommas(value)}`, asString: p.forceString === true, origin }];
  });
}

/** Where a plain valueFiles entry lives: the directory of a chart in the tree, or the package of a chart source. */
type EntryBase = { chartYaml: string } | { chartPackage: JsonObject };

/** Argo CD hands an entry with a URL scheme (http and https by default) to Helm, which fetches it. */
const URL_ENTRY = /^[a-z][a-z0-9+.-]*:\/\//i;

/**
 * Where an entry is in the tree: `target` (absolute; a pattern for a glob) and the file it is read
 * as named from. A plain entry of a chart in the tree is relative to the chart's directory, or to
 * the repository root when it starts with `/` (Argo CD's rule; the tree's root stands for the
 * repository); `$ref/path` is path in the repository of the source with `ref:`, which the root of
 * the tree stands for too. Undefined for an entry that is not a file of the tree.
 */
function inTree(doc: ParsedDocument, base: EntryBase, file: string, all: [JsonObject, ValuesPath][], context: AdapterContext): { target: string; from: string } | undefined {
  if (!context.files || URL_ENTRY.test(file)) return undefined;
  const ref = REF_ENTRY.exec(file);
  if (ref) return all.some(([s]) => s.ref === ref[1]) ? { target: resolve(context.files.root, ref[2]!), from: doc.file } : undefined;
  if ('chartPackage' in base) return undefined;
  return { target: file.startsWith('/') ? resolve(context.files.root, `.${file}`) : resolve(dirname(resolve(base.chartYaml)), file), from: base.chartYaml };
}

const REF_ENTRY = /^\$([^/]+)\/(.*)$/;

/** One valueFiles entry, read inside the tree: its file, or each file its pattern matches; none (and an unread note) when it cannot be read or adds nothing. */
function valueFile(doc: ParsedDocument, base: EntryBase, file: string, path: ValuesPath, all: [JsonObject, ValuesPath][], ignoreMissing: boolean, unread: Unread[], context: AdapterContext, matched: Set<string>): ParsedValues[] {
  const origin = fieldLocation(doc, path);
  const skip = (reason: string): [] => (unread.push({ origin, source: file, reason }), []);
  if (URL_ENTRY.test(file)) return skip('a URL, which Helm fetches when Argo CD renders the chart; dd-lint reads nothing over the network');
  const ref = REF_ENTRY.exec(file);
  const source = ref && all.find(([s]) => s.ref === ref[1])?.[0];
  if (ref && !source) return skip(`no source of this Application has ref: ${ref[1]}`);
  if (!ref && 'chartPackage' in base) return chartPackageFile(file, base.chartPackage, ignoreMissing, skip);
  const where = inTree(doc, base, file, all, context);
  if (!where) return skip('files are not read here (an admitted object has no tree)');
  /** Where a file missing from the tree is: for a `$ref` entry, in the repository the tree stands for. */
  const elsewhere = source ? ` (it is ${ref![2]} in ${str(source.repoURL) ?? `source ${ref![1]}`}${str(source.targetRevision) ? ` at ${str(source.targetRevision)}` : ''})` : '';
  const read = (target: string): ParsedValues[] => {
    const relativePath = relative(dirname(resolve(where.from)), target);
    try {
      return [readValues(where.from, relativePath, context)];
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      const reason = refusal(err, where.from, relativePath);
      if (reason === 'no such file' && ignoreMissing) return [];
      return skip(reason === 'no such file' && source ? `not in the tree being linted${elsewhere}` : reason);
    }
  };
  if (!VALUE_FILE_GLOB.test(file)) return read(where.target);
  const matches = valueFileMatches(context.files!.root, where.target);
  if (!matches) return skip(`outside ${context.files!.root}`);
  if (matches.length === 0) return ignoreMissing ? [] : skip(`the pattern matches no file in the tree being linted${elsewhere}`);
  return matches.filter((m) => !matched.has(m) && matched.add(m)).flatMap(read);
}

/**
 * A plain valueFiles entry of a chart source (`chart: datadog` from a Helm repository or an OCI
 * registry). Argo CD's repo-server extracts the chart package and runs `helm template` in it, with
 * the extracted chart as both the application path and the repository root: a relative entry is a
 * file of the package, an absolute one too (rooted at the package), one above it is refused. Its
 * docs: "Values files must be in the same git repository as the Helm chart ... relative to the
 * root directory of the Helm chart"; a values file kept in Git takes multiple sources, where
 * "`ref: values` maps to the variable `$values`, which resolves to the root of the `value-files`
 * repository" (user-guide/helm.md, Values Files; user-guide/multiple_sources.md). dd-lint has the
 * chart's defaults but not its package: the package's own values.yaml adds nothing to them, any
 * other file is unread. Never a file of the tree, even one of the same name beside the Application.
 */
function chartPackageFile(file: string, source: JsonObject, ignoreMissing: boolean, skip: (reason: string) => []): [] {
  const inPackage = posix.normalize(file.replace(/^\/+/, ''));
  if (inPackage === 'values.yaml') return [];
  if (inPackage === '..' || inPackage.startsWith('../')) return skip('a path above the chart package, which Argo CD refuses');
  const version = typeof source.targetRevision === 'number' ? String(source.targetRevision) : str(source.targetRevision);
  const from = [str(source.repoURL), version].filter(Boolean).join(' ');
  return skip(
    `Argo CD reads it from the ${DATADOG_CHART} chart package${from ? ` (${from})` : ''}, not from this repository, and dd-lint does not have that package; ` +
      'to keep it in Git, add the repository as a source with ref: values and name the file $values/<its path in the repository>' +
      (ignoreMissing ? ' (with ignoreMissingValueFiles, Argo CD silently skips it when the package has no such file)' : ''),
  );
}

/** Read and parse one file; a refusal of the tree (tree-files.ts) is an InputError naming the reason. */
function readValues(from: string, path: string, context: AdapterContext): ParsedValues {
  const source = context.files!.read(from, path);
  return parseHelmYaml(source.file, source.text);
}

/** The reason of a tree-files refusal (`from: path: why; not read`), else the whole message. */
function refusal(err: InputError, from: string, path: string): string {
  const prefix = `${from}: ${path}: `;
  if (err.message.startsWith(prefix) && err.message.endsWith('; not read')) return err.message.slice(prefix.length, -'; not read'.length);
  throw err; // the file was read but is not valid values: that is the user's error to fix
}

/**
 * A source with `path:` to a chart in the tree: the datadog chart itself (a copy kept in the
 * repository) or an umbrella chart that depends on it. Argo CD runs helm in that directory, so its
 * valueFiles are read there; an umbrella's values reach the datadog dependency as Helm hands them
 * (./umbrella-chart.ts). Any other chart, or one not in the tree, is none of dd-lint's.
 */
function chartAtPath(doc: ParsedDocument, app: JsonObject, source: JsonObject, path: ValuesPath, all: [JsonObject, ValuesPath][], unread: Unread[], context: AdapterContext): ReleaseInput[] {
  const dir = relative(dirname(resolve(doc.file)), resolve(context.files!.root, str(source.path)!));
  let chart: ParsedValues;
  try {
    chart = readValues(doc.file, join(dir, 'Chart.yaml'), context);
  } catch (err) {
    if (err instanceof InputError) return []; // not a chart of this tree: nothing to say
    throw err;
  }
  const file = join(dirname(doc.file), dir, 'Chart.yaml');
  const version = str(chart.value.version);
  if (chart.value.name === DATADOG_CHART) return [release(doc, app, source, path, all, unread, context, { file, ...(version ? { version } : {}) })];
  if (!dependsOnDatadog({ ...chart, file }, context)) return [];
  const deployment = release(doc, app, source, path, all, unread, context, { file });
  const out: CollectedParts = { releases: [], documents: [], unread };
  return umbrellaReleases({ ...chart, file }, context, out, {
    layers: deployment.values,
    sets: deployment.sets,
    describe: deployment.describe!,
    ...(deployment.name ? { name: deployment.name } : {}),
    ...(deployment.namespace ? { namespace: deployment.namespace } : {}),
  });
}
