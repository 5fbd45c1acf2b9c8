#!/usr/bin/env node
// Regenerates src/chart/data/datadog.notices.json: the banners each published datadog chart version
// prints after install (templates/NOTES.txt), in runs of consecutive versions that share them. Usage:
//   node scripts/gen-chart-notices.mjs [--bundle FILE --out DIR]
// (default bundle: ../shared/datadog-chart/history.bundle; default out: src/chart/data).
//
// Only facts are stored: a banner's name (its heading, or the first sentence of a generic one, see
// scripts/chart-data/notes-banners.mjs), what it is printed as, the first sentence of the `fail` it
// stops the install with, if any, and a fingerprint of its template text, so that a run ends where
// the chart changed the banner (its condition or its words). Notice policies fire only for the
// versions of their banner's runs (src/rules/facts/notices.ts).
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { templateBanners } from './chart-data/notes-banners.mjs';
import { readBlobs, withDatadogVersions } from './chart-data/read-blobs.mjs';

const FIRST = '2.4.0';
const NOTES = 'charts/datadog/templates/NOTES.txt';

const fingerprint = (text) => createHash('sha256').update(text.replace(/\s+/g, ' ').trim()).digest('hex').slice(0, 12);

export function generateChartNotices(bundle, out, log = console.log) {
  return withDatadogVersions(bundle, FIRST, (dir, versions) => {
    const blobs = readBlobs(dir, versions.map((v) => `datadog-${v}:${NOTES}`));
    /** banner name -> runs of { from, to, printed, fail?, fingerprint } */
    const banners = new Map();
    for (const [i, version] of versions.entries()) {
      const byName = new Map();
      for (const b of templateBanners(blobs.get(`datadog-${version}:${NOTES}`) ?? '')) {
        const seen = byName.get(b.banner);
        // A banner written twice (one per platform branch) is one banner: its facts are both texts.
        byName.set(b.banner, seen ? { ...seen, block: `${seen.block}\n${b.block}`, fail: seen.fail ?? b.fail } : b);
      }
      for (const [name, b] of byName) {
        const facts = { printed: b.printed, ...(b.fail ? { fail: b.fail } : {}), fingerprint: fingerprint(b.block) };
        if (!banners.has(name)) banners.set(name, []);
        const runs = banners.get(name);
        const last = runs[runs.length - 1];
        const { from: _f, to: _t, ...lastFacts } = last ?? {};
        if (last && last.to === versions[i - 1] && JSON.stringify(lastFacts) === JSON.stringify(facts)) last.to = version;
        else runs.push({ from: version, to: version, ...facts });
      }
    }
    const list = [...banners].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([banner, runs]) => ({ banner, runs }));
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, 'datadog.notices.json'), JSON.stringify({ chart: 'datadog', versions: [versions[0], versions[versions.length - 1]], banners: list }, null, 1) + '\n');
    const newest = versions[versions.length - 1];
    log(`notices: ${list.length} banners, ${list.filter((b) => b.runs.some((r) => r.to === newest)).length} in ${newest}`);
    return ['datadog.notices.json'];
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const arg = (name, fallback) => {
    const i = process.argv.indexOf(name);
    return i === -1 ? fallback : process.argv[i + 1];
  };
  const root = join(import.meta.dirname, '..');
  generateChartNotices(arg('--bundle', join(root, '..', 'shared', 'datadog-chart', 'history.bundle')), arg('--out', join(root, 'src', 'chart', 'data')));
}
