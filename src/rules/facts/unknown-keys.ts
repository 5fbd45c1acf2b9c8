/**
 * The values keys a release's chart version neither declares nor reads (Helm ignores them), each
 * with what it probably meant. Only the topmost unknown key of a sub-tree is listed (what lies
 * below it is ignored with it); nothing below an open sub-tree, nothing inside a list.
 *
 * The hint, first match wins:
 * 1. spelling: a sibling the chart reads with other letter case or a typo or two (./edit-distance.ts);
 * 2. moved: the nearest place in the tree where the chart reads the same name: one level up (a block
 *    nested too deep), one level down under a sibling (too shallow: `requests` beside `resources`,
 *    when the chart reads `resources.requests` somewhere), or anywhere else, nearest first;
 * 3. versions: the bundled chart versions that do read the key.
 */
import { isObject, type Json, type JsonObject } from '../../json.js';
import { chartKeys, chartVersions, type VersionKeys } from '../../chart/history.js';
import { valuesKeyStatus } from '../../chart/values-status.js';
import { locate, type ValuesRelease } from '../../load/values.js';
import { formatPath } from '../../load/path.js';
import type { Origin } from '../../model/location.js';
import { closestKey } from './edit-distance.js';
import { versionRanges } from './version-ranges.js';

export type KeyHint =
  | { kind: 'spelling'; path: string }
  /** `levels`: -1 one level up (nested too deep), 1 one level down (too shallow), 0 elsewhere. */
  | { kind: 'moved'; path: string; levels: -1 | 0 | 1; umbrella: boolean }
  | { kind: 'versions'; ranges: string };

export interface UnknownKey {
  path: string;
  version: string;
  hint?: KeyHint;
  origin: Origin;
}

/** More places than this reading the same name and equally near: too common a name to guess. */
const MAX_TIES = 5;

const knownPathsCache = new Map<string, string[][]>();

/** Every known path of a version (its keys and what its templates read, subcharts included). */
function knownPaths(keys: VersionKeys): string[][] {
  let paths = knownPathsCache.get(keys.version);
  if (paths) return paths;
  paths = [];
  const walk = (path: string[]) => {
    for (const child of keys.children(path)) {
      const next = [...path, child];
      if (keys.lookup(next) !== 'known') continue;
      paths!.push(next);
      walk(next);
    }
  };
  walk([]);
  knownPathsCache.set(keys.version, paths);
  return paths;
}

const dotted = (path: readonly string[]) => path.join('.');
const isPrefix = (prefix: readonly string[], path: readonly string[]) => prefix.length <= path.length && prefix.every((p, i) => path[i] === p);

/** Steps from one map to another in the tree (up to their common ancestor, then down). */
function treeDistance(a: readonly string[], b: readonly string[]): number {
  let common = 0;
  while (common < a.length && common < b.length && a[common] === b[common]) common++;
  return a.length + b.length - 2 * common;
}

/** The user's first path below `value` (map keys only), to show a moved block whole. */
function firstLeaf(value: Json | undefined): string[] {
  if (!isObject(value)) return [];
  const [key] = Object.keys(value);
  return key === undefined ? [] : [key, ...firstLeaf(value[key])];
}

function movedHint(keys: VersionKeys, path: string[], value: Json | undefined): KeyHint | undefined {
  const key = path[path.length - 1]!;
  const parent = path.slice(0, -1);
  const candidates: { path: string[]; levels: -1 | 0 | 1 }[] = [];
  // One level too deep: the same path without one of its ancestors.
  for (let i = 0; i < parent.length; i++) {
    const up = [...parent.slice(0, i), ...parent.slice(i + 1), key];
    if (keys.lookup(up) === 'known') candidates.push({ path: up, levels: -1 });
  }
  const all = knownPaths(keys);
  // One level too shallow: under a sibling the chart reads `<sibling>.<key>` below somewhere.
  for (const sibling of keys.children(parent)) {
    const down = [...parent, sibling, key];
    const status = keys.lookup(down);
    const readAsPair = () => all.some((p) => p.length >= 2 && p[p.length - 1] === key && p[p.length - 2] === sibling);
    if (status === 'known' || (status === 'open' && readAsPair())) candidates.push({ path: down, levels: 1 });
  }
  // The same name anywhere else, except the key's own ancestors (that is nesting, above).
  for (const p of all) {
    if (p[p.length - 1] !== key || isPrefix(p, path) || candidates.some((c) => dotted(c.path) === dotted(p))) continue;
    candidates.push({ path: p, levels: 0 });
  }
  if (candidates.length === 0) return undefined;
  const distance = (c: { path: string[]; levels: number }) => (c.levels === 0 ? treeDistance(parent, c.path.slice(0, -1)) : 1);
  candidates.sort((a, b) => distance(a) - distance(b) || a.path.length - b.path.length || dotted(a.path).localeCompare(dotted(b.path)));
  const best = candidates[0]!;
  if (candidates.filter((c) => distance(c) === distance(best)).length > MAX_TIES) return undefined;
  // Show the user's block at its new place when the chart reads its first path there (`agents.containers.processAgent.env`).
  const rest = firstLeaf(value);
  const moved = rest.length > 0 && keys.lookup([...best.path, ...rest]) === 'known' ? [...best.path, ...rest] : best.path;
  const umbrella = path.length === 2 && path[0] === 'datadog' && path[1] === 'datadog';
  return { kind: 'moved', path: dotted(moved), levels: best.levels, umbrella };
}

function hintFor(keys: VersionKeys, path: string[], value: Json | undefined): KeyHint | undefined {
  const parent = path.slice(0, -1);
  const sibling = closestKey(path[path.length - 1]!, keys.children(parent));
  if (sibling !== undefined) return { kind: 'spelling', path: dotted([...parent, sibling]) };
  const moved = movedHint(keys, path, value);
  if (moved) return moved;
  const reading = keys.versionsReading(path);
  if (reading.length > 0) return { kind: 'versions', ranges: versionRanges(reading, chartVersions()) };
  return undefined;
}

/** The release's unknown keys, or none when its chart version is not bundled (nothing to judge by). */
export function unknownKeys(release: ValuesRelease): UnknownKey[] {
  let keys: VersionKeys;
  try {
    keys = chartKeys(release.chartVersion);
  } catch {
    return [];
  }
  const statusOf = valuesKeyStatus(keys);
  const out: UnknownKey[] = [];
  const walk = (node: JsonObject, path: string[]) => {
    for (const [key, value] of Object.entries(node)) {
      const next = [...path, key];
      const status = statusOf(next);
      if (status === 'known' && isObject(value)) walk(value, next);
      if (status !== 'unknown') continue;
      out.push({ path: formatPath(next), version: keys.version, hint: hintFor(keys, next, value), origin: locate(release, next) });
    }
  };
  walk(release.user, []);
  return out;
}
