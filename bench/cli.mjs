#!/usr/bin/env node
// Cold start-up of `dd-lint values.yaml` next to `node -e 0`: each command is spawned afresh
// (a new node process every run), median wall time of RUNS runs, ratio printed last.
// Usage: node bench/cli.mjs [values.yaml] [runs]   (npm run build first)
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

const root = fileURLToPath(new URL('..', import.meta.url));
const values = process.argv[2] ?? join(root, '..', 'shared', 'fixtures', 's000-otel-hostnetwork', 'values.yaml');
const runs = Number(process.argv[3] ?? 21);
const cli = join(root, 'dist', 'src', 'cli.js');

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
const bare = median(process.execPath, ['-e', '0']);
const lint = median(process.execPath, [cli, '--no-color', values]);
console.log(`runs per command:        ${runs}`);
console.log(`node -e 0 (median):      ${bare.toFixed(1)} ms`);
console.log(`dd-lint values (median): ${lint.toFixed(1)} ms   (${values})`);
console.log(`ratio: ${(lint / bare).toFixed(2)}x`);
