#!/usr/bin/env node
// Hostile YAML (issue 8): runs the CLI on each input of test/helpers/hostile.ts, as a user would
// (a fresh process each, so wall time includes Node's start, ~0.1 s), and prints a Markdown table:
// input, result, wall time (median of N runs) and peak memory (the child's own maxRSS, reported at
// its exit through fd 3). The answers themselves are asserted by test/hostile-yaml.test.ts.
// Usage: node bench/hostile-yaml.mjs [runs per input, default 3]   (npm run build first)
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hostileCases } from '../dist/test/helpers/hostile.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const cli = join(root, 'dist', 'src', 'cli.js');
const runs = Number(process.argv[2] ?? 3);
// Preloaded into the child: at exit, write its peak resident memory (kB) to fd 3.
const reporter = `data:text/javascript,${encodeURIComponent("import { writeSync } from 'node:fs'; process.on('exit', () => { try { writeSync(3, String(process.resourceUsage().maxRSS)); } catch {} });")}`;

const dir = mkdtempSync(join(tmpdir(), 'dd-lint-hostile-bench-'));
const rows = [];
let failures = 0;
for (const c of hostileCases(dir)) {
  const times = [];
  let rss = 0;
  let outcome = '';
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    const r = spawnSync(process.execPath, ['--import', reporter, cli, ...c.args], {
      cwd: root,
      input: c.stdin ?? '',
      stdio: ['pipe', 'pipe', 'pipe', 'pipe'],
      maxBuffer: 64 * 1024 * 1024,
      env: { ...process.env, NO_COLOR: '1', DD_LINT_DEBUG: '' },
    });
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
    rss = Math.max(rss, Number(r.output[3]?.toString() || 0));
    const ok = r.status === c.code && (!c.stderr || c.stderr.test(r.stderr.toString())) && (!c.stdout || c.stdout.test(r.stdout.toString()));
    outcome = ok ? '' : ` **UNEXPECTED: exit ${r.status}, ${r.stderr.toString().split('\n')[0]}**`;
  }
  if (outcome) failures++;
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)];
  rows.push(`| ${c.name} | exit ${c.code}, ${c.result}${outcome} | ${(median / 1000).toFixed(2)} s | ${Math.round(rss / 1024)} MB |`);
}
rmSync(dir, { recursive: true, force: true });
console.log('| input | result | wall time | peak memory |');
console.log('|---|---|---|---|');
for (const row of rows) console.log(row);
console.log(`\n${rows.length} inputs, ${runs} run(s) each, median wall time of a fresh \`dd-lint\` process (Node ${process.version}, ${(await import('node:os')).cpus().length} cores).`);
if (failures > 0) {
  console.log(`${failures} input(s) answered differently from test/hostile-yaml.test.ts`);
  process.exitCode = 1;
}
