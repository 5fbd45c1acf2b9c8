/**
 * Every published datadog chart version from 2.4.0 on, as data: its defaults, the values paths it
 * knows, and which versions read a path. Facts come from src/chart/data/ (see docs/chart-data.md).
 */
import { cloneValues, type JsonObject } from '../json.js';
import { InputError } from '../load/input-error.js';
import { ChartKeys, joinPath } from './chart-keys.js';
import { applyDefaultsDelta, defaultsData, deltasTo, keysData, newestData, pathResolver, type Dependency, type KeysData } from './history-data.js';
import { parseConstraint, parseSemVer } from './semver.js';

export type { KeyStatus } from './chart-keys.js';

export interface ChartDefaults {
  version: string;
  values: JsonObject;
}

/** The keys of one version, and which versions read a path. */
export interface VersionKeys {
  readonly version: string;
  lookup(path: readonly string[]): 'known' | 'open' | 'unknown';
  children(path: readonly string[]): string[];
  /** The datadog chart versions (ascending) that know this path. */
  versionsReading(path: readonly string[]): string[];
}

const CHART = 'datadog';

function datadogKeys(): KeysData {
  const data = keysData(CHART);
  if (!data) throw new Error('dd-lint is missing its chart data (src/chart/data/datadog.keys.json)');
  return data;
}

/** The bundled datadog chart versions, ascending by semver (one shared list: callers only read it). */
export function chartVersions(): readonly string[] {
  return newestData()?.versions ?? datadogKeys().versions;
}

let positions: Map<string, number> | undefined;
/** A bundled version's place in chartVersions() (-1 for a version dd-lint has no data for). */
export function versionIndex(version: string): number {
  positions ??= new Map(chartVersions().map((v, i) => [v, i]));
  return positions.get(version) ?? -1;
}

/** The run of versions (from and to bundled versions, inclusive) that holds a bundled version, if any. */
export function runCovering<R extends { from: string; to: string }>(runs: readonly R[], version: string): R | undefined {
  const at = versionIndex(version);
  return at === -1 ? undefined : runs.find((r) => versionIndex(r.from) <= at && at <= versionIndex(r.to));
}

export function newestChartVersion(): string {
  return newestData()?.version ?? datadogKeys().base;
}

/**
 * The highest bundled version a Helm version or constraint accepts (`3.1.0`, `v3.1.0`, `^3.100.0`,
 * `~3.5`, `>=3.0.0 <4`, `3.x`, `*`); exact when it named one version. Undefined when none matches.
 */
export function resolveChartVersion(rangeOrVersion: string): { version: string; exact: boolean } | undefined {
  const versions = chartVersions();
  const text = rangeOrVersion.trim();
  const exact = parseSemVer(text);
  if (exact) {
    const version = text.replace(/^v/, '').replace(/\+.*$/, '');
    return versions.includes(version) ? { version, exact: true } : undefined;
  }
  const test = parseConstraint(text);
  if (!test) return undefined;
  for (let i = versions.length - 1; i >= 0; i--) if (test(parseSemVer(versions[i]!)!)) return { version: versions[i]!, exact: false };
  return undefined;
}

function unknownVersion(version: string): InputError {
  const versions = chartVersions();
  return new InputError(
    `--chart-version ${version}: no bundled defaults for this version (bundled: ${versions[0]} to ${versions[versions.length - 1]}); use --chart DIR|TGZ to read its values.yaml`,
  );
}

/** The chart's values.yaml for a bundled version, read as Helm reads it (a fresh copy each call). */
export async function chartDefaults(version: string): Promise<ChartDefaults> {
  return chartDefaultsNow(version);
}

/** chartDefaults, for callers that cannot wait (the data is already in memory once read). */
export function chartDefaultsNow(version: string): ChartDefaults {
  const newest = newestData();
  // The data is plain JSON: a JSON round trip copies it natively, several times faster than walking it here.
  if (newest?.version === version) return { version, values: JSON.parse(JSON.stringify(newest.defaults)) as JsonObject };
  const data = defaultsData(CHART);
  const deltas = data && deltasTo(data, version);
  if (!data || !deltas) throw unknownVersion(version);
  const values = cloneValues(data.values);
  const pathOf = pathResolver(data.paths);
  for (const d of deltas) applyDefaultsDelta(values, d, pathOf);
  return { version, values };
}

const keysCache = new Map<string, ChartKeys>();

interface KeysState {
  known: string[];
  open: string[];
  deps: Dependency[];
}

/** One version's own paths (joined) and dependencies: the newest datadog version's as written at build, else replayed from the newest. */
function keysState(chart: string, version: string): KeysState | undefined {
  const newest = chart === CHART ? newestData() : undefined;
  if (newest?.version === version) return newest;
  const data = keysData(chart);
  const ids = data && replayKeys(data, version);
  if (!data || !ids) return undefined;
  const pathOf = pathResolver(data.paths);
  return { known: ids.known.map((id) => joinPath(pathOf(id))), open: ids.open.map((id) => joinPath(pathOf(id))), deps: ids.deps };
}

function replayKeys(data: KeysData, version: string): { known: number[]; open: number[]; deps: Dependency[] } | undefined {
  const deltas = deltasTo(data, version);
  if (!deltas) return undefined;
  const known = new Set(data.known);
  const open = new Set(data.open);
  let deps = data.deps;
  for (const d of deltas) {
    d.knownDel?.forEach((id) => known.delete(id));
    d.knownAdd?.forEach((id) => known.add(id));
    d.openDel?.forEach((id) => open.delete(id));
    d.openAdd?.forEach((id) => open.add(id));
    if (d.deps) deps = d.deps;
  }
  return { known: [...known], open: [...open], deps };
}

function keysOf(chart: string, version: string): ChartKeys | undefined {
  const id = `${chart}@${version}`;
  let keys = keysCache.get(id);
  if (keys) return keys;
  const state = keysState(chart, version);
  if (!state) return undefined;
  const subcharts = new Map<string, ChartKeys>();
  for (const [key, sub, subVersion] of state.deps) {
    const subKeys = subVersion === null ? undefined : keysOf(sub, subVersion);
    if (subKeys) subcharts.set(key, subKeys);
  }
  keys = new ChartKeys(chart, version, state, subcharts);
  keysCache.set(id, keys);
  return keys;
}

/** The values paths a bundled datadog chart version knows. */
export function chartKeys(version: string): VersionKeys {
  const keys = keysOf(CHART, version);
  if (!keys) throw unknownVersion(version);
  return {
    version,
    lookup: (path) => keys.lookup(path),
    children: (path) => keys.children(path),
    versionsReading,
  };
}

/**
 * The versions that know a path, walking the deltas once for the chart's own paths and asking the
 * pinned subchart version for paths below a dependency's key.
 */
function versionsReading(path: readonly string[]): string[] {
  const data = datadogKeys();
  const pathOf = pathResolver(data.paths);
  const wanted = path.join('\u0000');
  const id = data.paths.findIndex((_, i) => pathOf(i).join('\u0000') === wanted);
  let own = id !== -1 && data.known.includes(id);
  let deps = data.deps;
  const reading: string[] = [];
  for (let i = data.versions.length - 1; i >= 0; i--) {
    const version = data.versions[i]!;
    if (i < data.versions.length - 1) {
      const d = data.deltas[version]!;
      if (d.knownDel?.includes(id)) own = false;
      if (d.knownAdd?.includes(id)) own = true;
      if (d.deps) deps = d.deps;
    }
    const viaDep = deps.some(([key, chart, v]) => {
      if (v === null) return false;
      const rest = path[0] === 'global' ? path : path[0] === key ? path.slice(1) : undefined;
      return rest !== undefined && keysOf(chart, v)?.lookup(rest) === 'known';
    });
    if (own || viaDep || path.length === 0) reading.push(version);
  }
  return reading.reverse();
}
