#!/usr/bin/env node
// Regenerates src/chart/data/*.json, the facts dd-lint knows about every published datadog chart
// version from 2.4.0 on (and the datadog-crds, datadog-operator and datadog-csi-driver versions they
// pin), from the chart history bundle. Usage:
//   npm run build && npm run gen:chart-data [-- --bundle FILE --out DIR]
// (default bundle: ../shared/datadog-chart/history.bundle; default out: src/chart/data).
//
// Per chart version it derives only facts, never template text or comments:
// - defaults: values.yaml read as Helm reads it (the compiled loader, dist/src/load/helm-yaml.js).
// - known paths: every map key of values.yaml; every values path a template reads; the
//   paths of the dependencies' `condition`s and `tags.<tag>`.
// - open paths: sub-trees a template hands over whole, under which no key is unknown.
// Reading templates (scripts/chart-data/values-reads.mjs) follows `.Values` through each
// `{{ ... }}` action of every file under templates/ (NOTES.txt included):
// - `.Values.a.b`, `$.Values.a`, `index .Values "a" "b"`, `get`, `hasKey`, `dig` with literal keys:
//   a and a.b are known. A key computed at render time (`index .Values.a $k`) opens a.
// - `$x := <values sub-tree>`, `with`, and `dict "k" <sub-tree>` / `list ...` arguments carry the
//   sub-tree: `$x.c`, `.c` inside the `with`, `.k.c` inside a helper read it. A variable reassigned
//   in a branch stands for every value it was given.
// - `include`/`template "name" CTX` reads the helper's body with `.` and `$` = CTX, once per
//   distinct CTX (a `define` called with `.` or `$` reads .Values like a template does).
// - Open: the argument of toYaml/toJson/tpl/merge/pick/omit/keys/values/deepCopy/concat/coalesce/
//   pluck/dig, the target of a `range`, a CTX passed to a helper that is not defined in the chart,
//   and any argument of a function the scanner does not know (printed as a warning): when unsure,
//   a sub-tree is open, since a false "unknown key" is worse than a miss.
// - Dependencies are recorded as [values key, chart, pinned version or null]: a subchart that is not
//   in the bundle (kube-state-metrics) is null, and its whole values key is open to readers.
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { parseHelmYaml } from '../dist/src/load/helm-yaml.js';
import { parseConstraint, parseSemVer, sortVersions, compareSemVer } from '../dist/src/chart/semver.js';
import { ChartHistory } from './chart-data/chart-history.mjs';
import { ValuesReads } from './chart-data/values-reads.mjs';
import { encodeDefaults, encodeKeys, formatData } from './chart-data/encode.mjs';

const FIRST = '2.4.0';
const SUBCHARTS = ['datadog-crds', 'datadog-operator', 'datadog-csi-driver'];

export function generateChartData(bundle, out, log = console.log) {
  const started = Date.now();
  const history = new ChartHistory(bundle);
  try {
    const first = parseSemVer(FIRST);
    const versions = sortVersions(history.versions.get('datadog') ?? []).filter((v) => compareSemVer(parseSemVer(v), first) >= 0);
    const facts = new Map(); // `${chart}@${version}` -> { values, known, open, deps }
    const warnings = new Set();
    const factsOf = (chart, version) => {
      const id = `${chart}@${version}`;
      if (!facts.has(id)) facts.set(id, chartFacts(history, chart, version, warnings));
      return facts.get(id);
    };
    versions.forEach((v) => factsOf('datadog', v));
    // the subchart versions pinned by any datadog version (and by those subcharts, transitively)
    const pinned = new Map(SUBCHARTS.map((c) => [c, new Set()]));
    const queue = [...facts.values()];
    while (queue.length) {
      for (const [, chart, version] of queue.shift().deps) {
        if (version === null || pinned.get(chart).has(version)) continue;
        pinned.get(chart).add(version);
        queue.push(factsOf(chart, version));
      }
    }
    mkdirSync(out, { recursive: true });
    const written = [];
    const write = (name, data) => {
      writeFileSync(join(out, name), formatData(data));
      written.push(name);
    };
    write('datadog.defaults.json', encodeDefaults('datadog', versions, (v) => factsOf('datadog', v).values));
    write('datadog.keys.json', encodeKeys('datadog', versions, (v) => factsOf('datadog', v)));
    for (const chart of SUBCHARTS) {
      const vs = sortVersions([...pinned.get(chart)]);
      if (vs.length) write(`${chart}.keys.json`, encodeKeys(chart, vs, (v) => factsOf(chart, v)));
    }
    for (const w of warnings) log(`warning: ${w}`);
    log(`${versions.length} datadog versions (${versions[0]} to ${versions[versions.length - 1]}), ` +
      SUBCHARTS.map((c) => `${pinned.get(c).size} ${c}`).join(', ') + ` in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return written;
  } finally {
    history.close();
  }
}

function chartFacts(history, chart, version, warnings) {
  const files = history.files(chart, version);
  const valuesText = files.get('values.yaml');
  const values = readValues(`${chart}-${version}/values.yaml`, valuesText ?? '');
  const reads = scanTemplates([...files].filter(([p]) => p.startsWith('templates/')).map(([name, text]) => ({ name, text })));
  for (const fn of reads.unhandled) warnings.add(`unknown template function ${fn} (its arguments are open)`);
  const known = new Map();
  const open = new Map(reads.open);
  const add = (path) => path.forEach((_, i) => known.set(JSON.stringify(path.slice(0, i + 1)), path.slice(0, i + 1)));
  for (const path of reads.known.values()) add(path);
  const walk = (tree, path) => {
    for (const [k, v] of Object.entries(tree)) {
      add([...path, k]);
      if (v !== null && typeof v === 'object' && !Array.isArray(v)) walk(v, [...path, k]);
    }
  };
  walk(values, []);
  const deps = [];
  for (const dep of dependencies(files)) {
    const key = dep.alias ?? dep.name;
    for (const c of String(dep.condition ?? '').split(',').map((s) => s.trim()).filter(Boolean)) add(c.split('.'));
    for (const tag of dep.tags ?? []) add(['tags', String(tag)]);
    const available = history.versions.get(dep.name);
    const pin = available && SUBCHARTS.includes(dep.name) ? resolvePin(available, String(dep.version ?? '*')) : null;
    if (pin === null) {
      add([key]);
      open.set(JSON.stringify([key]), [key]);
    }
    deps.push([key, dep.name, pin]);
  }
  return { values, known, open, deps };
}

// Consecutive versions often share their values.yaml or their templates: keep the last one read.
const valuesCache = new Map();
function readValues(file, text) {
  if (!valuesCache.has(text)) {
    valuesCache.clear();
    const v = parseHelmYaml(file, text).value;
    valuesCache.set(text, v !== null && typeof v === 'object' && !Array.isArray(v) ? v : {});
  }
  return structuredClone(valuesCache.get(text));
}

const scanCache = new Map();
function scanTemplates(files) {
  const key = createHash('sha256').update(JSON.stringify(files)).digest('hex');
  if (!scanCache.has(key)) {
    scanCache.clear();
    const reads = new ValuesReads();
    reads.scanChart(files);
    scanCache.set(key, reads);
  }
  return scanCache.get(key);
}

function dependencies(files) {
  for (const name of ['requirements.yaml', 'Chart.yaml']) {
    const text = files.get(name);
    const deps = text === undefined ? undefined : parse(text)?.dependencies;
    if (Array.isArray(deps) && deps.length) return deps;
  }
  return [];
}

/** The highest version of a chart that a dependency's version constraint accepts. */
function resolvePin(available, constraint) {
  const test = parseConstraint(constraint);
  if (!test) return null;
  const matching = sortVersions(available).filter((v) => test(parseSemVer(v)));
  return matching.length ? matching[matching.length - 1] : null;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const arg = (name, dflt) => {
    const i = process.argv.indexOf(name);
    return i === -1 ? dflt : process.argv[i + 1];
  };
  const root = join(import.meta.dirname, '..');
  const bundle = arg('--bundle', join(root, '..', 'shared', 'datadog-chart', 'history.bundle'));
  const out = arg('--out', join(root, 'src', 'chart', 'data'));
  for (const f of generateChartData(bundle, out)) console.log(`wrote ${join(out, f)}`);
}
