/**
 * The npm package holds only what runs (compiled JS, policies, schemas, docs, README, licence),
 * and `npx dd-lint` (the bundled command, dist/bundle/dd-lint.mjs) works from the packed tarball
 * installed into an empty folder.
 */
import t from 'tap';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../helpers/cli.js';
import { FIXTURES_DIR } from '../helpers/fixtures.js';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
/** npm test sets npm_* variables (prefix, config): a nested npm must not inherit them. */
const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.toLowerCase().startsWith('npm_')));

t.test('the package file list', async (t) => {
  const [pack] = JSON.parse(execFileSync(npm, ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: REPO_ROOT, env, encoding: 'utf8' }));
  const files: string[] = pack.files.map((f: { path: string }) => f.path);
  for (const needed of ['package.json', 'README.md', 'LICENSE', 'dist/bundle/dd-lint.mjs', 'dist/src/cli.js', 'dist/src/chart/data/datadog.defaults.json', 'dist/src/chart/data/datadog.keys.json', 'dist/src/rules/registry.generated.js', 'dist/src/generated-validators/config.js', 'policies/otel-hostnetwork-port-conflict.yaml', 'schemas/config.schema.json', 'docs/rules/README.md']) {
    t.ok(files.includes(needed), `ships ${needed}`);
  }
  const allowed = /^(package\.json|README\.md|LICENSE|dist\/(src|webhook)\/.*\.js|dist\/bundle\/[\w.-]+\.mjs|dist\/src\/chart\/data\/[a-z-]+\.(defaults|keys|guards)\.json|policies\/.*\.yaml|schemas\/.*\.json|docs\/.*\.md)$/;
  t.same(files.filter((f) => !allowed.test(f)), [], 'nothing else: no sources, tests, benches, caches or CI files');
  t.notOk(files.some((f) => f.startsWith('dist/test/')), 'no compiled tests');
});

t.test('npx dd-lint from the packed tarball in an empty folder', async (t) => {
  const packDir = mkdtempSync(join(tmpdir(), 'dd-lint-pack-'));
  execFileSync(npm, ['pack', '--ignore-scripts', '--pack-destination', packDir], { cwd: REPO_ROOT, env, stdio: 'ignore' });
  const tarball = join(packDir, readdirSync(packDir).find((f) => f.endsWith('.tgz'))!);
  const app = mkdtempSync(join(tmpdir(), 'dd-lint-install-'));
  execFileSync(npm, ['init', '-y'], { cwd: app, env, stdio: 'ignore' });
  execFileSync(npm, ['install', '--no-audit', '--no-fund', '--omit=dev', tarball], { cwd: app, env, stdio: 'ignore', timeout: 300_000 });
  const r = spawnSync('npx', ['--no-install', 'dd-lint', join(FIXTURES_DIR, 's004-token-30', 'values.yaml')], { cwd: app, env, encoding: 'utf8' });
  t.equal(r.status, 1, r.stderr);
  t.match(r.stdout, /6:3  error  .*30 characters long.*cluster-agent-token-too-short/);
  const help = spawnSync('npx', ['--no-install', 'dd-lint', '--version'], { cwd: app, env, encoding: 'utf8' });
  t.equal(help.stdout.trim(), JSON.parse(execFileSync('node', ['-p', 'JSON.stringify(require("./package.json").version)'], { cwd: REPO_ROOT, encoding: 'utf8' })));
});
