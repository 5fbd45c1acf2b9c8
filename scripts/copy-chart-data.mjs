#!/usr/bin/env node
// The chart facts (src/chart/data/*.json) are read at run time next to the compiled
// dist/src/chart/history-data.js: copy them there (tsc copies only what it compiles). The bundled
// command reads them there too (src/package-root.ts).
import { cpSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const to = join(root, 'dist', 'src', 'chart', 'data');
rmSync(to, { recursive: true, force: true });
cpSync(join(root, 'src', 'chart', 'data'), to, { recursive: true });
// Without the indentation kept in git for readable diffs: every run parses these files, 15 % smaller this way.
for (const file of readdirSync(to).filter((f) => f.endsWith('.json'))) writeFileSync(join(to, file), JSON.stringify(JSON.parse(readFileSync(join(to, file), 'utf8'))));

// Most runs model the newest version, which each file holds whole (its base): that state alone, with
// its paths spelled out, is datadog.newest.json, so that those runs parse a third of the data and
// resolve no path ids (src/chart/history.ts; test/chart-history.test.ts checks it against the replay).
const read = (name) => JSON.parse(readFileSync(join(to, name), 'utf8'));
const keys = read('datadog.keys.json');
const defaults = read('datadog.defaults.json');
if (keys.base !== defaults.base) throw new Error(`datadog.keys.json (${keys.base}) and datadog.defaults.json (${defaults.base}) are not of the same chart version`);
const memo = new Map();
const joinedPath = (id) => {
  if (!memo.has(id)) {
    const [parent, key] = keys.paths[id];
    memo.set(id, parent === -1 ? key : `${joinedPath(parent)}\u0000${key}`);
  }
  return memo.get(id);
};
writeFileSync(
  join(to, 'datadog.newest.json'),
  JSON.stringify({ version: keys.base, versions: keys.versions, defaults: defaults.values, known: keys.known.map(joinedPath), open: keys.open.map(joinedPath), deps: keys.deps }),
);
// The validators of the chart's values schemas (scripts/gen-validators.mjs), loaded from beside the data.
cpSync(join(root, 'src', 'generated-validators', 'datadog-values-schema'), join(to, 'values-schema'), { recursive: true });
