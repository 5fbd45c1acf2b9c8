#!/usr/bin/env node
// Cold start-up of `dd-lint values.yaml` next to `node -e 0`: each command is spawned afresh (a new
// node process every run, the commands taking turns), median wall time of RUNS runs each. Measured: the installed command (the
// esbuild bundle: dist/bundle/dd-lint.cjs running cli.cjs), the tsc output it is built from (dist/src/cli.js), and,
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
const bundle = join(root, 'dist', 'bundle', 'dd-lint.cjs');
const tscCli = join(root, 'dist', 'src', 'cli.js');

/** The newest helm of .cache/helm/<version>/helm (scripts/fetch-helm.mjs), if any. */
function cachedHelm() {
  const dir = join(root, '.cache', 'helm');
  if (!existsSync(dir)) return undefined;
  const versions = readdirSync(dir).sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  return versions.map((v) => join(dir, v, 'helm')).filter((p) => existsSync(p)).pop();
}

/** Wall time of one fresh run, in ms. */
function once([command, args]) {
  const start = process.hrtime.bigint();
  const result = spawnSync(command, args, { stdio: 'ignore' });
  if (result.status === null || result.status > 1) throw new Error(`${command} ${args.join(' ')} exited ${result.status}`);
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** The median of each command's runs, the commands taking turns so that a change of load on the machine weighs on all alike. */
function medians(commands) {
  const times = commands.map(() => []);
  for (let i = 0; i < runs; i++) commands.forEach((c, j) => times[j].push(once(c)));
  return times.map((t) => t.sort((a, b) => a - b)[Math.floor(t.length / 2)]);
}

const helm = opts.helm ?? cachedHelm();
const commands = [
  [process.execPath, ['-e', '0']],
  [process.execPath, [bundle, '--no-color', values]],
  [process.execPath, [tscCli, '--no-color', values]],
  ...(opts.chart && helm ? [[helm, ['template', 'datadog', opts.chart, '-n', 'datadog', '-f', values, '--set', 'datadog.kubeStateMetricsEnabled=false']]] : []),
];
commands.forEach(once); // warms the file cache and fills the compile cache (Node's, or dd-lint's own), uncounted
const [bare, lint, unbundled, rendered] = medians(commands);
console.log(`node ${process.version}, runs per command: ${runs}, values: ${values}`);
console.log(`node -e 0 (median):              ${bare.toFixed(1)} ms`);
console.log(`dd-lint, bundle (median):        ${lint.toFixed(1)} ms`);
console.log(`dd-lint, tsc output (median):    ${unbundled.toFixed(1)} ms`);
if (rendered !== undefined) console.log(`helm template (median):          ${rendered.toFixed(1)} ms   (${helm})`);
else console.log('helm template:                   not measured (give --chart DIR, and --helm BINARY without .cache/helm/)');
console.log(`ratio: ${(lint / bare).toFixed(2)}x`);
