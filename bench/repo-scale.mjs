#!/usr/bin/env node
// `dd-lint <repo>` over the generated GitOps repository of bench/repo-shape.mjs, at several
// sizes: at 1x 2,000 files and 32,000 objects. A scale of N writes N times the app files; the
// releases stay seven (the apps meet every release, as manifests outside a release do).
// Each run is the installed CLI (dist/bundle/dd-lint.cjs) in a child process under /usr/bin/time:
// wall time, CPU time (user + system: the steadier figure on a shared machine) and peak RSS.
// Usage: node bench/repo-scale.mjs [--scales 1,4,16] [--runs 3] [--keep]   (npm run build first)
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { FILES_AT_1X, writeRepository } from './repo-shape.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const bundle = join(root, 'dist', 'bundle', 'dd-lint.cjs');
const { values: opts } = parseArgs({ options: { scales: { type: 'string', default: '1,4,16' }, runs: { type: 'string', default: '3' }, keep: { type: 'boolean', default: false } } });
const scales = opts.scales.split(',').map(Number);
const runs = Number(opts.runs);

/** One run of the CLI: wall and CPU seconds, peak RSS in MB, exit code, findings printed. */
function lint(dir) {
  const out = join(dir, '..', 'out.txt');
  const stats = join(dir, '..', 'time.txt');
  const result = spawnSync('/bin/sh', ['-c', `/usr/bin/time -o "$1" -f '%e %U %S %M' node "$2" "$3" > "$4"`, 'sh', stats, bundle, dir, out], { stdio: ['ignore', 'ignore', 'pipe'] });
  const [wall, user, sys, rssKb] = readFileSync(stats, 'utf8').trim().split('\n').pop().split(' ').map(Number);
  const code = result.status;
  if (code !== 0 && code !== 1) throw new Error(`dd-lint exited ${code}: ${result.stderr}`);
  const lines = readFileSync(out, 'utf8').trim().split('\n');
  return { wall, cpu: user + sys, rss: rssKb / 1024, code, summary: lines[lines.length - 1] };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

console.log(`node ${process.version}, ${cpus().length} cores, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}, ${runs} runs per scale (medians)`);
console.log('scale  files    objects   wall s   CPU s   peak RSS MB  CPU µs/object  exit  summary');
const work = mkdtempSync(join(tmpdir(), 'dd-lint-repo-scale-'));
try {
  for (const scale of scales) {
    const dir = join(work, `x${scale}`, 'repo');
    const counts = writeRepository(dir, scale * FILES_AT_1X);
    const results = Array.from({ length: runs }, () => lint(dir));
    const [wall, cpu, rss] = ['wall', 'cpu', 'rss'].map((k) => median(results.map((r) => r[k])));
    const last = results[results.length - 1];
    console.log(
      `${`${scale}x`.padEnd(6)} ${String(counts.files).padStart(6)} ${String(counts.objects).padStart(9)} ${wall.toFixed(2).padStart(8)} ${cpu.toFixed(2).padStart(7)} ${rss.toFixed(0).padStart(13)} ${((cpu / counts.objects) * 1e6).toFixed(0).padStart(14)} ${String(last.code).padStart(5)}  ${last.summary}`,
    );
    if (!opts.keep) rmSync(join(work, `x${scale}`), { recursive: true, force: true });
  }
} finally {
  if (opts.keep) console.log(`repositories kept in ${work}`);
  else rmSync(work, { recursive: true, force: true });
}
