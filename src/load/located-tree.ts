/**
 * Values trees with the source location of every path (`pathKey` → Location): the pieces the
 * values-file reader and the release merge share.
 */
import { pathKey, type ValuesPath } from './path.js';
import type { Location } from '../model/location.js';
import { isObject, type Json, type JsonObject } from '../json.js';

/** `obj[key] = value` that also works for the key "__proto__" (a plain YAML key like any other). */
export function setOwn(obj: JsonObject, key: string, value: Json): void {
  if (key === '__proto__') Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  else obj[key] = value;
}

/** Forget the locations of `path` and everything under it. */
export function dropSubtree(locations: Map<string, Location>, path: ValuesPath): void {
  const prefix = pathKey(path);
  for (const key of [...locations.keys()]) {
    if (key === prefix || key.startsWith(prefix + '\u001f')) locations.delete(key);
  }
}

/** Copy the locations of `path` and everything under it. */
export function copySubtree(from: Map<string, Location>, to: Map<string, Location>, path: ValuesPath): void {
  const prefix = pathKey(path);
  for (const [key, loc] of from) {
    if (key === prefix || key.startsWith(prefix + '\u001f')) to.set(key, loc);
  }
}

/** A deep copy (own keys only, `__proto__` included as a plain key). */
export function cloneJson(value: Json): Json {
  if (Array.isArray(value)) return value.map(cloneJson);
  if (isObject(value)) {
    const out: JsonObject = {};
    for (const [k, v] of Object.entries(value)) setOwn(out, k, cloneJson(v));
    return out;
  }
  return value;
}

/**
 * Helm's mergeMaps (-f files; Helm 4's `---` documents) into `base`: maps merge deeply, anything
 * else (lists, null) replaces; `locations` follows, taking the override's from `from`.
 */
export function mergeMaps(base: JsonObject, override: JsonObject, path: ValuesPath, locations: Map<string, Location>, from: Map<string, Location>): void {
  for (const [key, value] of Object.entries(override)) {
    const childPath = [...path, key];
    const existing = Object.hasOwn(base, key) ? base[key] : undefined;
    if (isObject(value) && isObject(existing)) {
      const loc = from.get(pathKey(childPath));
      if (loc) locations.set(pathKey(childPath), loc);
      mergeMaps(existing, value, childPath, locations, from);
    } else {
      dropSubtree(locations, childPath);
      setOwn(base, key, cloneJson(value));
      copySubtree(from, locations, childPath);
    }
  }
}
