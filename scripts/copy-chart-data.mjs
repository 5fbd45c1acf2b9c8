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
// The validators of the chart's values schemas (scripts/gen-validators.mjs), loaded from beside the data.
cpSync(join(root, 'src', 'generated-validators', 'datadog-values-schema'), join(to, 'values-schema'), { recursive: true });
