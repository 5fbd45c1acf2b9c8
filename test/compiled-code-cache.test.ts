/**
 * The installed `dd-lint` keeps V8's compiled code between runs (src/bin.cts: Node's compile cache,
 * or src/compiled-code-cache.cts where Node has none). What the user sees never depends on it: a
 * first run, a run from the cache, a run offered a damaged cache and a run with the cache turned off
 * print the same thing, and the cache lands only where it is told to.
 */
import t from 'tap';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from './helpers/cli.js';

const BUNDLE = join(REPO_ROOT, 'dist', 'bundle', 'dd-lint.cjs');
const ARGS = ['--no-color', 'examples/token-30/values.yaml'];

function run(env: Record<string, string>) {
  const r = spawnSync(process.execPath, [BUNDLE, ...ARGS], { cwd: REPO_ROOT, encoding: 'utf8', env: { ...process.env, NODE_DISABLE_COMPILE_CACHE: '', ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const files = (dir: string): string[] => readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));

t.test('a first run fills the cache; later runs, from it or from a damaged one, print the same', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'dd-lint-cc-'));
  const first = run({ NODE_COMPILE_CACHE: dir });
  t.equal(first.code, 1);
  t.match(first.stdout, /6:3 {2}error {2}The cluster agent auth token .* is 30 characters long/);
  t.equal(first.stderr, '');
  const cached = files(dir);
  t.ok(cached.length > 0, 'the cache is written where NODE_COMPILE_CACHE says');
  t.same(run({ NODE_COMPILE_CACHE: dir }), first, 'a run from the cache');
  for (const file of cached) writeFileSync(file, Buffer.alloc(readFileSync(file).length, 0x5a));
  t.same(run({ NODE_COMPILE_CACHE: dir }), first, 'a run offered a damaged cache');
  t.notOk(files(dir).some((f) => readFileSync(f).every((byte) => byte === 0x5a)), 'the damaged cache is replaced');
  t.same(run({ NODE_COMPILE_CACHE: dir }), first, 'the run after it');
  t.notOk(files(dir).some((f) => f.endsWith('.tmp')), 'no partial file is left behind');
});

t.test('NODE_DISABLE_COMPILE_CACHE=1 writes no cache', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'dd-lint-cc-'));
  const r = run({ NODE_COMPILE_CACHE: dir, NODE_DISABLE_COMPILE_CACHE: '1' });
  t.equal(r.code, 1);
  t.same(files(dir), []);
});
