#!/usr/bin/env node
// Regenerates src/chart/defaults/datadog-<version>.ts from the Datadog chart's own values.yaml,
// read exactly as Helm reads it. Usage: npm run gen:chart-defaults [-- <dir holding <version>/values.yaml>]
// (default: ../shared/datadog-chart). Run `npm run build` first: it uses the compiled loader.
import { readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { renderDefaultsModule } from '../dist/src/chart/defaults-module.js';

const root = process.argv[2] ?? join(import.meta.dirname, '..', '..', 'shared', 'datadog-chart');
const outDir = join(import.meta.dirname, '..', 'src', 'chart', 'defaults');
for (const version of readdirSync(root).sort()) {
  const file = join(root, version, 'values.yaml');
  if (!existsSync(file)) continue;
  const out = join(outDir, `datadog-${version}.ts`);
  writeFileSync(out, renderDefaultsModule(version, file, readFileSync(file, 'utf8')));
  console.log(`wrote ${out}`);
}
