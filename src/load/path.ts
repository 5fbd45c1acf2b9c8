import type { Location } from '../model/location.js';

/** A path into a values tree: map keys and list indexes, e.g. ['datadog', 'env', 0, 'name']. */
export type ValuesPath = readonly (string | number)[];

/** A Map key for a path (unit separator: no YAML key clashes with it in practice). */
export function pathKey(path: ValuesPath): string {
  return path.join('\u001f');
}

/** `datadog.env[0].name`, the way users and Helm's --set write a path. */
export function formatPath(path: ValuesPath): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += (out ? '.' : '') + (/^[\w-]+$/.test(part) ? part : JSON.stringify(part));
  }
  return out;
}

/** Where keys and list items are, by pathKey: a Map, or a lookup that makes a location when asked. */
export interface PathLocations {
  get(key: string): Location | undefined;
  /** nearestLocation in one walk, for a lookup that makes locations when asked (instead of one get per prefix). */
  deepest?(path: ValuesPath): { location: Location; depth: number } | undefined;
}

/**
 * The location of `path` if it is written, else of its nearest written ancestor, and how many
 * segments of `path` that is (its length: the path itself); undefined when none is written.
 */
export function nearestLocation(locations: PathLocations, path: ValuesPath): { location: Location; depth: number } | undefined {
  if (locations.deepest) return locations.deepest(path);
  for (let depth = path.length; depth > 0; depth--) {
    const location = locations.get(pathKey(path.slice(0, depth)));
    if (location) return { location, depth };
  }
  return undefined;
}
