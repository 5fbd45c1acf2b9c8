#!/usr/bin/env node
// Regenerates two facts files of src/chart/data/ from the chart history bundle:
// - datadog.fails.json: where each published datadog chart version calls `fail` (the template file
//   and a fingerprint of the message, never the message), in runs of consecutive versions, and the
//   inventory of the newest version (a test checks that dd-lint covers each of its guards);
// - datadog.values-schema.json: the constraints of the chart's own values.schema.json (which helm
//   checks before rendering), per run of versions sharing them, with descriptions and titles dropped.
// Usage: node scripts/gen-chart-fails.mjs [--bundle FILE --out DIR]
// (default bundle: ../shared/datadog-chart/history.bundle; default out: src/chart/data).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ChartHistory } from './chart-data/chart-history.mjs';
import { failCalls } from './chart-data/fail-calls.mjs';
import { parseSemVer, sortVersions, compareSemVer } from '../dist/src/chart/semver.js';

const FIRST = '2.4.0';

/** The schema without what only documents it (`description`, `title`, `$schema`). */
function constraints(node) {
  if (Array.isArray(node)) return node.map(constraints);
  if (node === null || typeof node !== 'object') return node;
  const out = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === 'description' || k === 'title' || k === '$schema') continue;
    // `properties` and `$defs` hold names, not keywords: a property may be called `description`.
    out[k] = k === 'properties' || k === '$defs' || k === 'definitions' ? Object.fromEntries(Object.entries(v).map(([n, s]) => [n, constraints(s)])) : constraints(v);
  }
  return out;
}

/** Runs of consecutive versions whose `key(version)` is the same (versions where it is undefined break runs). */
function runs(versions, key) {
  const out = [];
  for (const [i, v] of versions.entries()) {
    const k = key(v);
    if (k === undefined) continue;
    const last = out[out.length - 1];
    if (last && last.key === k && last.to === versions[i - 1]) last.to = v;
    else out.push({ key: k, from: v, to: v });
  }
  return out;
}

export function generateChartFails(bundle, out, log = console.log) {
  const history = new ChartHistory(bundle);
  try {
    const first = parseSemVer(FIRST);
    const versions = sortVersions(history.versions.get('datadog')).filter((v) => compareSemVer(parseSemVer(v), first) >= 0);
    const callsOf = new Map();
    const schemaOf = new Map();
    for (const v of versions) {
      const files = history.files('datadog', v);
      const calls = [];
      for (const [path, text] of files) if (path.startsWith('templates/')) calls.push(...failCalls(text).map((fingerprint) => ({ file: path, fingerprint })));
      callsOf.set(v, calls);
      const schema = files.get('values.schema.json');
      if (schema !== undefined) schemaOf.set(v, JSON.stringify(constraints(JSON.parse(schema))));
    }
    const seen = new Map();
    for (const calls of callsOf.values()) for (const c of calls) seen.set(`${c.fingerprint} ${c.file}`, c);
    const fails = [...seen.values()]
      .map((c) => ({ ...c, runs: runs(versions, (v) => (callsOf.get(v).some((d) => d.fingerprint === c.fingerprint && d.file === c.file) ? 'x' : undefined)).map(({ from, to }) => ({ from, to })) }))
      .sort((a, b) => a.file.localeCompare(b.file) || a.fingerprint.localeCompare(b.fingerprint));
    const newest = versions[versions.length - 1];
    const inventory = callsOf.get(newest).sort((a, b) => a.file.localeCompare(b.file) || a.fingerprint.localeCompare(b.fingerprint));
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, 'datadog.fails.json'), JSON.stringify({ chart: 'datadog', versions: [versions[0], newest], newest: { version: newest, fails: inventory }, fails }, null, 1) + '\n');
    const schemaRuns = runs(versions, (v) => schemaOf.get(v)).map(({ key, from, to }) => ({ from, to, schema: JSON.parse(key) }));
    writeFileSync(join(out, 'datadog.values-schema.json'), JSON.stringify({ chart: 'datadog', runs: schemaRuns }) + '\n');
    log(`fails: ${fails.length} distinct calls over ${versions.length} versions, ${inventory.length} in ${newest}; values.schema.json: ${schemaRuns.length} runs, from ${schemaRuns[0]?.from ?? 'none'}`);
    return ['datadog.fails.json', 'datadog.values-schema.json'];
  } finally {
    history.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const arg = (name, fallback) => {
    const i = process.argv.indexOf(name);
    return i === -1 ? fallback : process.argv[i + 1];
  };
  const root = join(import.meta.dirname, '..');
  generateChartFails(arg('--bundle', join(root, '..', 'shared', 'datadog-chart', 'history.bundle')), arg('--out', join(root, 'src', 'chart', 'data')));
}
