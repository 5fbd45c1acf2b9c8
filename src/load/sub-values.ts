/**
 * Values that live inside another file (a helmfile's inline `values:` map, a kustomization's
 * `valuesInline`, an umbrella chart's values under the subchart's key) as a values file of their
 * own, whose locations still point into that file: the wrapper is parsed once, as Helm reads
 * values, and each sub-tree is re-rooted here.
 */
import type { ParsedValues } from './helm-yaml.js';
import { pathKey, type ValuesPath } from './path.js';
import type { Location } from '../model/location.js';
import { cloneJson, setOwn } from './located-tree.js';
import { isObject, type JsonObject } from '../json.js';

/**
 * The map at `from` in `parsed`, placed at `to` (default: the top) of a values file of its own:
 * its keys keep their lines and columns in `parsed.file`, duplicate keys inside it are kept, the
 * text stays the whole file's (suppression comments are read from it). Undefined when `from` is
 * not a map.
 */
export function subValues(parsed: ParsedValues, from: ValuesPath, to: ValuesPath = []): ParsedValues | undefined {
  let node: unknown = parsed.value;
  for (const part of from) {
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, part)) return undefined;
    node = (node as Record<string | number, unknown>)[part];
  }
  if (!isObject(node)) return undefined;
  const value: JsonObject = {};
  let inner = value;
  for (const part of to) {
    const next: JsonObject = {};
    setOwn(inner, String(part), next);
    inner = next;
  }
  for (const [key, v] of Object.entries(node)) setOwn(inner, key, cloneJson(v));

  const locations = new Map<string, Location>();
  const prefix = pathKey(from);
  for (const [key, loc] of parsed.locations) {
    if (from.length === 0 || key.startsWith(prefix + '\u001f')) locations.set(rekey(key, from.length, to), loc);
  }
  // The keys of `to` itself point at the key of `from` (where the sub-tree was written).
  const anchor = parsed.locations.get(prefix);
  if (anchor) for (let n = 1; n <= to.length; n++) locations.set(pathKey(to.slice(0, n)), anchor);
  const duplicates = parsed.duplicates
    .filter((d) => d.path.length > from.length && pathKey(d.path.slice(0, from.length)) === prefix)
    .map((d) => ({ ...d, path: [...to, ...d.path.slice(from.length)] }));
  return { file: parsed.file, value, locations, duplicates, text: parsed.text };
}

/** A location key below `from` (of `depth` parts) as a key below `to`. */
function rekey(key: string, depth: number, to: ValuesPath): string {
  const rest = key.split('\u001f').slice(depth);
  return pathKey([...to, ...rest]);
}
