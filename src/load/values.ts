/**
 * Helm values for one release: `-f` files merged in order, then `--set`, then `--set-string`
 * (Helm's own order, whatever the command line order), then coalesced over the chart's defaults.
 * Every path the user wrote keeps its source location, so a finding can point at it.
 */
import { applySet } from './helm-set.js';
import type { DuplicateKey, ParsedValues } from './helm-yaml.js';
import { pathKey, formatPath, type ValuesPath } from './path.js';
import type { Location, Origin } from '../model/location.js';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export interface SetArg {
  expr: string;
  asString: boolean;
}

export interface ValuesRelease {
  /** The values files, in merge order (the first is where "line 1" findings point). */
  files: string[];
  /** What Helm hands the templates as `.Values`. */
  values: JsonObject;
  /** The user's own values before the chart defaults (what a Helm release stores as its config). */
  user: JsonObject;
  chartVersion: string;
  locations: Map<string, Location>;
  duplicates: DuplicateKey[];
  /** Texts of the files, for inline suppression comments. */
  texts: Map<string, string>;
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Helm's mergeMaps for -f files: maps merge deeply, anything else (lists, null) replaces. */
function mergeInto(base: JsonObject, override: JsonObject, path: ValuesPath, locations: Map<string, Location>, from: Map<string, Location>): void {
  for (const [key, value] of Object.entries(override)) {
    const childPath = [...path, key];
    const existing = base[key];
    if (isObject(value) && isObject(existing)) {
      copyLocation(childPath, from, locations);
      mergeInto(existing, value, childPath, locations, from);
    } else {
      dropLocations(childPath, locations);
      base[key] = value;
      copyTreeLocations(childPath, value, from, locations);
    }
  }
}

function copyLocation(path: ValuesPath, from: Map<string, Location>, to: Map<string, Location>): void {
  const loc = from.get(pathKey(path));
  if (loc) to.set(pathKey(path), loc);
}

function copyTreeLocations(path: ValuesPath, value: unknown, from: Map<string, Location>, to: Map<string, Location>): void {
  copyLocation(path, from, to);
  if (Array.isArray(value)) value.forEach((item, i) => copyTreeLocations([...path, i], item, from, to));
  else if (isObject(value)) for (const [k, v] of Object.entries(value)) copyTreeLocations([...path, k], v, from, to);
}

function dropLocations(path: ValuesPath, locations: Map<string, Location>): void {
  const prefix = pathKey(path);
  for (const key of [...locations.keys()]) {
    if (key === prefix || key.startsWith(prefix + '\u001f')) locations.delete(key);
  }
}

/**
 * Helm's coalescing of user values over chart defaults: a user `null` deletes the key (and the
 * default under it); defaults fill what the user left out; user maps merge into default maps.
 */
export function coalesce(user: JsonObject, defaults: JsonObject): JsonObject {
  const out: JsonObject = { ...user };
  for (const [key, def] of Object.entries(defaults)) {
    if (!(key in out)) {
      out[key] = structuredClone(def);
    } else if (out[key] === null) {
      delete out[key];
    } else if (isObject(def) && isObject(out[key])) {
      out[key] = coalesce(out[key] as JsonObject, def);
    }
  }
  return out;
}

export function mergeUserValues(files: ParsedValues[], sets: SetArg[]): Pick<ValuesRelease, 'user' | 'locations' | 'duplicates'> {
  const user: JsonObject = {};
  const locations = new Map<string, Location>();
  const duplicates: DuplicateKey[] = [];
  for (const file of files) {
    duplicates.push(...file.duplicates);
    if (isObject(file.value)) mergeInto(user, file.value as JsonObject, [], locations, file.locations);
  }
  // Helm applies every --set before every --set-string.
  const ordered = [...sets.filter((s) => !s.asString), ...sets.filter((s) => s.asString)];
  for (const set of ordered) {
    const file = set.asString ? '--set-string' : '--set';
    for (const path of applySet(user, set.expr, { asString: set.asString })) {
      dropLocations(path, locations);
      locations.set(pathKey(path), { file: `${file} ${set.expr}`, line: 1, column: 1 });
    }
  }
  return { user, locations, duplicates };
}

/**
 * Where a finding about `path` should point: the key itself if the user wrote it, else the
 * nearest ancestor they wrote (marked fromDefault), else line 1 of the first values file.
 */
export function locate(release: Pick<ValuesRelease, 'files' | 'locations'>, path: ValuesPath): Origin {
  const valuesPath = formatPath(path);
  const exact = release.locations.get(pathKey(path));
  if (exact) return { ...exact, valuesPath };
  for (let n = path.length - 1; n > 0; n--) {
    const loc = release.locations.get(pathKey(path.slice(0, n)));
    if (loc) return { ...loc, valuesPath, fromDefault: true };
  }
  return { file: release.files[0] ?? '<values>', line: 1, column: 1, valuesPath, fromDefault: true };
}

/** Read a path out of a values tree (undefined when any step is missing). */
export function get(values: unknown, path: ValuesPath): Json | undefined {
  let node: unknown = values;
  for (const part of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string | number, unknown>)[part];
  }
  return node as Json | undefined;
}
