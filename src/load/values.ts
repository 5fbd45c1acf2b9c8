/**
 * Helm values for one release: `-f` files merged in order, then `--set`, then `--set-string`
 * (Helm's own order, whatever the command line order), then coalesced over the chart's defaults.
 * Every path the user wrote keeps its source location, so a finding can point at it.
 *
 * Checked against helm v3.17.3 and v4.1.4 (test/helm-parity.test.ts); both behave the same here:
 * - `-f a -f b`: maps merge deeply, anything else (lists, scalars, null) from the later file replaces.
 * - `--set` is applied to the merged files (so `--set a.b=1` fails when a file made `a` a number,
 *   a list or null), then every `--set-string`.
 * - Coalescing over the chart defaults: a user null deletes the key when the chart has that key
 *   (whatever its default, even null), at any depth where both sides are maps; a user null for a key
 *   the chart does not have stays null; a user scalar or list over a default map wins (Helm warns
 *   "skipped value ... Not a table"), and so does a user map over a default scalar, with any nulls
 *   inside it kept; lists are never merged.
 */
import { applySet } from './helm-set.js';
import type { HelmMajor, ParsedValues } from './helm-yaml.js';
import type { DuplicateKey } from './helm-yaml-tree.js';
import { redactSetArgument } from '../secrets/redact.js';
import { pathKey, formatPath, nearestLocation, type ValuesPath } from './path.js';
import type { Location, Origin } from '../model/location.js';


export interface SetArg {
  expr: string;
  asString: boolean;
  /** Where the argument was written, when a file holds it (a helmfile `set:` entry, an Argo CD parameter); else the argument itself is the origin. */
  origin?: Location;
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
}

import { setOwn, dropSubtree, cloneJson, mergeMaps } from './located-tree.js';
import { isObject, type Json, type JsonObject } from '../json.js';


/**
 * Helm's coalescing of user values over chart defaults (chartutil coalesceValues and
 * coalesceTablesFullKey with merge=false): a user `null` deletes the key when the defaults have it
 * (and so the default under it); defaults fill what the user left out; user maps merge into default
 * maps; any other user value wins as it is (nulls inside it included). Inputs are not modified.
 */
export function coalesce(user: JsonObject, defaults: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(user)) setOwn(out, key, value);
  for (const [key, def] of Object.entries(defaults)) {
    if (!Object.hasOwn(out, key)) {
      setOwn(out, key, cloneJson(def));
      continue;
    }
    const value = out[key]!;
    if (value === null) delete out[key];
    else if (isObject(def) && isObject(value)) setOwn(out, key, coalesce(value, def));
  }
  return out;
}

export interface MergeOptions {
  /** Which Helm's --set parser to copy (default 3; see SetOptions.helm for the one difference). */
  helm?: HelmMajor;
}

export function mergeUserValues(files: ParsedValues[], sets: SetArg[], options: MergeOptions = {}): Pick<ValuesRelease, 'user' | 'locations' | 'duplicates'> {
  const user: JsonObject = {};
  const locations = new Map<string, Location>();
  const duplicates: DuplicateKey[] = [];
  for (const file of files) {
    duplicates.push(...file.duplicates);
    mergeMaps(user, file.value, [], locations, file.locations);
  }
  // Helm applies every --set before every --set-string.
  const ordered = [...sets.filter((s) => !s.asString), ...sets.filter((s) => s.asString)];
  for (const set of ordered) {
    const file = set.asString ? '--set-string' : '--set';
    for (const path of applySet(user, set.expr, { asString: set.asString, helm: options.helm ?? 3 })) {
      dropSubtree(locations, path);
      // The argument names the origin; a secret-looking value in it is masked here, at the source.
      locations.set(pathKey(path), set.origin ?? { file: redactSetArgument(`${file} ${set.expr}`), line: 1, column: 1, source: 'set' });
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
  const found = nearestLocation(release.locations, path);
  if (found) return found.depth === path.length ? { ...found.location, valuesPath } : { ...found.location, valuesPath, fromDefault: true };
  const file = release.files[0];
  if (file === undefined) return { file: '<values>', line: 1, column: 1, source: 'object', valuesPath, fromDefault: true };
  // Of the first input's kind: the values a Helm release Secret stores are an object, not a file.
  const source = [...release.locations.values()].find((loc) => loc.file === file)?.source;
  return { file, line: 1, column: 1, ...(source ? { source } : {}), valuesPath, fromDefault: true };
}

/** Read a path out of a values tree (undefined when any step is missing). */
export function get(values: unknown, path: ValuesPath): Json | undefined {
  let node: unknown = values;
  for (const part of path) {
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, part)) return undefined;
    node = (node as Record<string | number, unknown>)[part];
  }
  return node as Json | undefined;
}
