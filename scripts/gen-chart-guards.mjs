#!/usr/bin/env node
// Regenerates src/chart/data/datadog.guards.json: for each published datadog chart version, the
// image version guards its templates apply before rendering anything (a `fail` when the agent or
// cluster-agent image tag is older than the chart supports). Usage:
//   npm run gen:chart-guards [-- --bundle FILE --out DIR]
// (default bundle: ../shared/datadog-chart/history.bundle; default out: src/chart/data).
//
// Only facts are stored, in runs of consecutive versions that share them: which values path holds
// the tag, which switch skips the check, the semver constraint the tag must meet, the lowest
// version it accepts on the newest major, the single-word tags the chart replaces by a version
// (`7`, `latest`) and a suffix it trims. A guard whose helper or call this script does not
// recognise stops it with an error, so a change in the chart is noticed rather than missed.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sortVersions } from '../dist/src/chart/semver.js';
import { readBlobs, withDatadogVersions } from './chart-data/read-blobs.mjs';

const FIRST = '2.4.0';
/** The guards: the helper that fails, the template that calls it, and the helper that may turn the tag into a version. */
const GUARDS = [
  { image: 'agent', helper: 'check-version', calledFrom: 'templates/daemonset.yaml', versionHelper: 'get-agent-version' },
  { image: 'cluster-agent', helper: 'check-dca-version', calledFrom: 'templates/cluster-agent-deployment.yaml', versionHelper: 'get-cluster-agent-version' },
];

/** The body of `{{- define "name" -}}` up to the next define (or the end). */
function defineBody(text, name) {
  const start = text.indexOf(`define "${name}"`);
  if (start === -1) return undefined;
  const next = text.indexOf('define "', start + 1);
  return text.slice(start, next === -1 ? undefined : next);
}

function guardFacts(version, guard, helpers, caller) {
  const body = defineBody(helpers, guard.helper);
  if (body === undefined) return undefined;
  const fail = (why) => new Error(`datadog ${version}: ${guard.helper}: ${why}; teach scripts/gen-chart-guards.mjs`);
  const firstAction = /\{\{-?\s*(.*?)\s*-?\}\}/s.exec(caller ?? '')?.[1];
  if (firstAction !== `template "${guard.helper}" .`) throw fail(`not the first action of ${guard.calledFrom}`);
  const skip = /\{\{-?\s*if not \.Values\.([\w.]+)\s*-?\}\}/.exec(body)?.[1];
  const accepts = /semverCompare "([^"]+)"/.exec(body)?.[1];
  if (!skip || !accepts) throw fail('no skip switch or no semverCompare');
  const source = body.includes(`include "${guard.versionHelper}"`) ? defineBody(helpers, guard.versionHelper) : body;
  const tagRead = /\$version :?= \(?\.Values\.([\w.]+) \| toString((?: \| trimSuffix "[^"]+")?)/.exec(source ?? '');
  if (!tagRead) throw fail('the tag is not read as `.Values.<path> | toString`');
  const aliases = {};
  for (const m of source.matchAll(/if and \(eq \$length 1\) (\((?:[^()]|\([^()]*\))*\))\s*-?\}\}\s*\{\{-?\s*\$version = "([^"]+)"/g)) {
    for (const word of m[1].matchAll(/eq \$version "([^"]+)"/g)) aliases[word[1]] = m[2];
  }
  const floors = [...accepts.matchAll(/(?:\^|>=)\s*v?(\d+\.\d+\.\d+)/g)].map((m) => m[1]);
  if (floors.length === 0) throw fail(`no lower bound in "${accepts}"`);
  // src/chart/guards.ts compares a pre-release tag as its release: exact only for `^X.Y.Z-0` and `>=X.Y.Z-0` bounds.
  if (!/^\s*(?:(?:\^|>=)\s*\d+\.\d+\.\d+-0\s*(?:\|\|\s*|$))+$/.test(accepts)) throw fail(`"${accepts}" is not a list of ^X.Y.Z-0 / >=X.Y.Z-0 bounds`);
  const floor = sortVersions(floors).pop();
  const trim = /trimSuffix "([^"]+)"/.exec(tagRead[2])?.[1] ?? null;
  return { tagPath: tagRead[1], skipPath: skip, accepts, floor, aliases, trimSuffix: trim };
}

export function generateChartGuards(bundle, out, log = console.log) {
  return withDatadogVersions(bundle, FIRST, (dir, versions) => {
    const files = ['templates/_helpers.tpl', ...GUARDS.map((g) => g.calledFrom)];
    const blobs = readBlobs(dir, versions.flatMap((v) => files.map((f) => `datadog-${v}:charts/datadog/${f}`)));
    const blob = (v, f) => blobs.get(`datadog-${v}:charts/datadog/${f}`);
    const guards = GUARDS.map((guard) => {
      const runs = [];
      for (const v of versions) {
        const facts = guardFacts(v, guard, blob(v, 'templates/_helpers.tpl') ?? '', blob(v, guard.calledFrom));
        const last = runs[runs.length - 1];
        const same = last && last.to === versions[versions.indexOf(v) - 1] && JSON.stringify(last.facts) === JSON.stringify(facts);
        if (!facts) continue;
        if (same) last.to = v;
        else runs.push({ from: v, to: v, facts });
      }
      return { image: guard.image, runs: runs.map((r) => ({ from: r.from, to: r.to, ...r.facts })) };
    });
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, 'datadog.guards.json'), JSON.stringify({ chart: 'datadog', versions: [versions[0], versions[versions.length - 1]], guards }, null, 1) + '\n');
    for (const g of guards) log(`${g.image}: ${g.runs.length} runs, from ${g.runs[0]?.from ?? 'none'}`);
    return ['datadog.guards.json'];
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const arg = (name, fallback) => {
    const i = process.argv.indexOf(name);
    return i === -1 ? fallback : process.argv[i + 1];
  };
  const root = join(import.meta.dirname, '..');
  generateChartGuards(arg('--bundle', join(root, '..', 'shared', 'datadog-chart', 'history.bundle')), arg('--out', join(root, 'src', 'chart', 'data')));
}
