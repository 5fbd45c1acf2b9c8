/**
 * Reads the generated chart facts (src/chart/data/*.json, written by `npm run gen:chart-data`): each
 * file holds its newest version whole and, for every older version, the delta that turns the next
 * newer version into it. Files are read on first use only, and each is parsed once per process.
 */
import { readFileSync } from 'node:fs';
import { cloneValues, type Json, type JsonObject } from '../json.js';
import { CHART_DATA_DIR } from '../package-root.js';

/** [values key of the dependency, chart name, pinned bundled version or null when not bundled]. */
export type Dependency = [key: string, chart: string, version: string | null];

interface DataFile {
  chart: string;
  readonly versions: readonly string[];
  base: string;
  /** Numbered paths: [parent id (-1: top level), key]. */
  paths: [number, string][];
}

export interface KeysDelta {
  knownAdd?: number[];
  knownDel?: number[];
  openAdd?: number[];
  openDel?: number[];
  deps?: Dependency[];
}

export interface KeysData extends DataFile {
  known: number[];
  open: number[];
  deps: Dependency[];
  deltas: Record<string, KeysDelta>;
}

export interface DefaultsDelta {
  del?: number[];
  set?: [number, Json][];
  order?: [number, string[]][];
}

export interface DefaultsData extends DataFile {
  values: JsonObject;
  deltas: Record<string, DefaultsDelta>;
}

const files = new Map<string, unknown>();

function readData<T>(name: string): T | undefined {
  if (!files.has(name)) {
    let text: string | undefined;
    try {
      text = readFileSync(new URL(name, CHART_DATA_DIR), 'utf8');
    } catch {
      text = undefined;
    }
    files.set(name, text === undefined ? undefined : JSON.parse(text));
  }
  return files.get(name) as T | undefined;
}

export const defaultsData = (chart: string) => readData<DefaultsData>(`${chart}.defaults.json`);
export const keysData = (chart: string) => readData<KeysData>(`${chart}.keys.json`);

/** The newest datadog version's state alone, paths joined by U+0000 (written at build by scripts/copy-chart-data.mjs). */
export interface NewestData {
  version: string;
  versions: readonly string[];
  defaults: JsonObject;
  known: string[];
  open: string[];
  deps: Dependency[];
}
export const newestData = () => readData<NewestData>('datadog.newest.json');

/** The deltas from the base down to `version`, newest first (undefined: not a version of the file). */
export function deltasTo<D>(data: DataFile & { deltas: Record<string, D> }, version: string): D[] | undefined {
  const at = data.versions.indexOf(version);
  if (at === -1) return undefined;
  const out: D[] = [];
  for (let i = data.versions.length - 2; i >= at; i--) out.push(data.deltas[data.versions[i]!]!);
  return out;
}

/** A function from path id to the path, remembering what it computed. */
export function pathResolver(rows: [number, string][]): (id: number) => string[] {
  const memo = new Map<number, string[]>();
  const resolve = (id: number): string[] => {
    if (id === -1) return [];
    let path = memo.get(id);
    if (!path) {
      const [parent, key] = rows[id]!;
      path = [...resolve(parent), key];
      memo.set(id, path);
    }
    return path;
  };
  return resolve;
}

const isMap = (v: Json | undefined): v is JsonObject => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Own data properties only, whatever the key (a `__proto__` key stays a key). */
function put(obj: JsonObject, key: string, value: Json): void {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
}

/**
 * Turns one version's defaults into the next older one's, in place: drop the leaves it lost (and
 * the maps they leave empty), set the leaves it has or changed, then restore key order where the
 * older values.yaml had another. scripts/chart-data/encode.mjs checks that every version round-trips.
 */
export function applyDefaultsDelta(tree: JsonObject, delta: DefaultsDelta, pathOf: (id: number) => string[]): void {
  for (const id of delta.del ?? []) {
    const path = pathOf(id);
    const chain: JsonObject[] = [tree];
    for (const k of path.slice(0, -1)) chain.push(chain[chain.length - 1]![k] as JsonObject);
    delete chain[chain.length - 1]![path[path.length - 1]!];
    for (let i = chain.length - 1; i > 0 && Object.keys(chain[i]!).length === 0; i--) delete chain[i - 1]![path[i - 1]!];
  }
  for (const [id, value] of delta.set ?? []) {
    const path = pathOf(id);
    let o = tree;
    for (const k of path.slice(0, -1)) {
      if (!isMap(o[k])) put(o, k, {});
      o = o[k] as JsonObject;
    }
    put(o, path[path.length - 1]!, cloneValues(value));
  }
  for (const [id, keys] of delta.order ?? []) {
    const obj = pathOf(id).reduce((o, k) => o[k] as JsonObject, tree);
    const entries = keys.map((k) => [k, obj[k]!] as const);
    for (const k of keys) delete obj[k];
    for (const [k, v] of entries) put(obj, k, v);
  }
}
