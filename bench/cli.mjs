#!/usr/bin/env node
// Cold start-up of `dd-lint values.yaml` next to `node -e 0`: each command is spawned afresh (a new
// node process every run), median wall time of RUNS runs. Measured: the installed command (the
// esbuild bundle, dist/bundle/dd-lint.mjs), the tsc output it is built from (dist/src/cli.js), and,
// given a Datadog chart folder, `helm template` of the same values with the helm of .cache/helm/.
// The ratio printed last is the bundle's median over node -e 0's.
// Usage: node bench/cli.mjs [values.yaml] [runs] [--chart DIR] [--helm BINARY]   (npm run build first;
// DIR: an unpacked datadog chart with its subcharts, e.g. `helm pull datadog/datadog --untar`)
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const root = fileURLToPath(new URL('..', import.meta.url));
const { values: opts, positionals } = parseArgs({ allowPositionals: true, options: { chart: { type: 'string' }, helm: { type: 'string' } } });
const values = positionals[0] ?? join(root, 'examples', 'token-30', 'values.yaml');
const runs = Number(positionals[1] ?? 21);
const bundle = join(root, 'dist', 'bundle', 'dd-lint.mjs');
const tscCli = join(root, 'dist', 'src', 'cli.js');

/** The newest helm of .cache/helm/<version>/helm (scripts/fetch-helm.mjs), if any. */
function cachedHelm() {
  const dir = join(root, '.cache', 'helm');
  if (!existsSync(dir)) return undefined;
  const versions = readdirSync(dir).sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  return versions.map((v) => join(dir, v, 'helm')).filter((p) => existsSync(p)).pop();
}

function median(command, args) {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    const result = spawnSync(command, args, { stdio: 'ignore' });
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
    if (result.status === null || result.status > 1) throw new Error(`${command} ${args.join(' ')} exited ${result.status}`);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

median(process.execPath, ['-e', '0']); // warm the file cache once, uncounted
spawnSync(process.execPath, [bundle, values], { stdio: 'ignore' }); // fills Node's compile cache where Node has one
const bare = median(process.execPath, ['-e', '0']);
const lint = median(process.execPath, [bundle, '--no-color', values]);
const unbundled = median(process.execPath, [tscCli, '--no-color', values]);
console.log(`node ${process.version}, runs per command: ${runs}, values: ${values}`);
console.log(`node -e 0 (median):              ${bare.toFixed(1)} ms`);
console.log(`dd-lint, bundle (median):        ${lint.toFixed(1)} ms`);
console.log(`dd-lint, tsc output (median):    ${unbundled.toFixed(1)} ms`);
const helm = opts.helm ?? cachedHelm();
if (opts.chart && helm) {
  const rendered = median(helm, ['template', 'datadog', opts.chart, '-n', 'datadog', '-f', values, '--set', 'datadog.kubeStateMetricsEnabled=false']);
  console.log(`helm template (median):          ${rendered.toFixed(1)} ms   (${helm})`);
} else console.log('helm template:                   not measured (give --chart DIR, and --helm BINARY without .cache/helm/)');
console.log(`ratio: ${(lint / bare).toFixed(2)}x`);
