// Writes a chart's per-version facts as one base version (the newest) plus, for each older version,
// the delta that turns the next newer version into it. Paths are numbered once in a table of
// [parent id, key] pairs (-1: top level); deltas hold ids. src/chart/history-data.ts reads it back.
import { applyDefaultsDelta } from '../../dist/src/chart/history-data.js';

class PathTable {
  constructor() {
    this.ids = new Map();
    this.rows = [];
  }

  id(path) {
    if (path.length === 0) return -1;
    const key = JSON.stringify(path);
    let id = this.ids.get(key);
    if (id === undefined) {
      const parent = this.id(path.slice(0, -1));
      id = this.rows.length;
      this.rows.push([parent, path[path.length - 1]]);
      this.ids.set(key, id);
    }
    return id;
  }
}

const sortedIds = (table, paths) => paths.map((p) => table.id(p)).sort((a, b) => a - b);

function setDelta(table, from, to) {
  const add = [...to.keys()].filter((k) => !from.has(k)).map((k) => to.get(k));
  const del = [...from.keys()].filter((k) => !to.has(k)).map((k) => from.get(k));
  return [sortedIds(table, add), sortedIds(table, del)];
}

/**
 * versions: ascending; facts(version) -> { known: Map<key, path>, open: Map<key, path>, deps: [[key, chart, version|null]] }.
 */
export function encodeKeys(chart, versions, facts) {
  const table = new PathTable();
  const newest = versions[versions.length - 1];
  let next = facts(newest);
  const sortPaths = (m) => [...m.values()].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
  // number the newest version's paths first, in a stable order
  sortPaths(next.known).forEach((p) => table.id(p));
  const base = { known: sortedIds(table, sortPaths(next.known)), open: sortedIds(table, sortPaths(next.open)), deps: next.deps };
  const deltas = {};
  for (let i = versions.length - 2; i >= 0; i--) {
    const cur = facts(versions[i]);
    const d = {};
    const [ka, kd] = setDelta(table, next.known, cur.known);
    const [oa, od] = setDelta(table, next.open, cur.open);
    if (ka.length) d.knownAdd = ka;
    if (kd.length) d.knownDel = kd;
    if (oa.length) d.openAdd = oa;
    if (od.length) d.openDel = od;
    if (JSON.stringify(cur.deps) !== JSON.stringify(next.deps)) d.deps = cur.deps;
    deltas[versions[i]] = d;
    next = cur;
  }
  return { chart, kind: 'keys', versions, base: newest, paths: table.rows, ...base, deltas };
}

const isMap = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Leaves of a values tree: scalars, lists and empty maps, keyed by their path. */
function leaves(tree, path = [], out = new Map()) {
  const keys = Object.keys(tree);
  if (keys.length === 0 && path.length) out.set(JSON.stringify(path), { path, value: tree });
  for (const k of keys) {
    const v = tree[k];
    if (isMap(v) && Object.keys(v).length) leaves(v, [...path, k], out);
    else out.set(JSON.stringify([...path, k]), { path: [...path, k], value: v });
  }
  return out;
}

/** Objects whose key order differs between `got` and `want` (same key sets): [path, keys]. */
function orderFixes(got, want, path = [], out = []) {
  const wk = Object.keys(want);
  if (JSON.stringify(Object.keys(got)) !== JSON.stringify(wk)) out.push([path, wk]);
  for (const k of wk) if (isMap(want[k]) && isMap(got[k])) orderFixes(got[k], want[k], [...path, k], out);
  return out;
}

/** versions: ascending; values(version) -> the defaults tree. Checks every version round-trips. */
export function encodeDefaults(chart, versions, values) {
  const table = new PathTable();
  const pathOf = (id) => {
    const path = [];
    for (let i = id; i !== -1; i = table.rows[i][0]) path.unshift(table.rows[i][1]);
    return path;
  };
  const newest = versions[versions.length - 1];
  let next = values(newest);
  [...leaves(next).values()].forEach((l) => table.id(l.path));
  const deltas = {};
  let rebuilt = structuredClone(next);
  for (let i = versions.length - 2; i >= 0; i--) {
    const cur = values(versions[i]);
    const from = leaves(next);
    const to = leaves(cur);
    const del = [...from.keys()].filter((k) => !to.has(k)).map((k) => table.id(from.get(k).path));
    const set = [...to.entries()]
      .filter(([k, l]) => !from.has(k) || JSON.stringify(from.get(k).value) !== JSON.stringify(l.value))
      .map(([, l]) => [table.id(l.path), l.value]);
    const d = {};
    if (del.length) d.del = del;
    if (set.length) d.set = set;
    applyDefaultsDelta(rebuilt, d, pathOf);
    const order = orderFixes(rebuilt, cur).map(([p, keys]) => [table.id(p), keys]);
    if (order.length) {
      d.order = order;
      applyDefaultsDelta(rebuilt, { order }, pathOf);
    }
    if (JSON.stringify(rebuilt) !== JSON.stringify(cur)) throw new Error(`${chart} ${versions[i]}: defaults do not round-trip`);
    deltas[versions[i]] = d;
    next = cur;
  }
  return { chart, kind: 'defaults', versions, base: newest, paths: table.rows, values: values(newest), deltas };
}

/** JSON with one line per path row and per version delta: readable diffs, still compact. */
export function formatData(data) {
  const lines = ['{'];
  const entries = Object.entries(data);
  entries.forEach(([k, v], i) => {
    const comma = i < entries.length - 1 ? ',' : '';
    if (k === 'paths' || k === 'versions') {
      lines.push(`  ${JSON.stringify(k)}: [`);
      v.forEach((row, j) => lines.push(`    ${JSON.stringify(row)}${j < v.length - 1 ? ',' : ''}`));
      lines.push(`  ]${comma}`);
    } else if (k === 'deltas') {
      lines.push(`  ${JSON.stringify(k)}: {`);
      const ds = Object.entries(v);
      ds.forEach(([ver, d], j) => lines.push(`    ${JSON.stringify(ver)}: ${JSON.stringify(d)}${j < ds.length - 1 ? ',' : ''}`));
      lines.push(`  }${comma}`);
    } else lines.push(`  ${JSON.stringify(k)}: ${JSON.stringify(v)}${comma}`);
  });
  lines.push('}', '');
  return lines.join('\n');
}
