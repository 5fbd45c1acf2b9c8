/**
 * The npm package holds only what runs (compiled JS, policies, schemas, docs, README, licence),
 * not the webhook (its own workspace, webhook/, with its server stack), and `npx dd-lint` (the
 * bundled command, dist/bundle/dd-lint.cjs) works from the packed tarball installed with
 * --omit=dev into an empty folder, in at most 25 MB of node_modules.
 */
import t from 'tap';
import { execFileSync, spawnSync } from 'node:child_process';
import { lstatSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../helpers/cli.js';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
/** npm test sets npm_* variables (prefix, config): a nested npm must not inherit them. */
const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.toLowerCase().startsWith('npm_')));

/** Disk use of a folder as `du` counts it (allocated blocks; the apparent size where there are none). */
function diskBytes(path: string): number {
  const stat = lstatSync(path);
  const own = stat.blocks ? stat.blocks * 512 : stat.size;
  return stat.isDirectory() ? readdirSync(path).reduce((sum, name) => sum + diskBytes(join(path, name)), own) : own;
}

t.test('the package file list', async (t) => {
  const [pack] = JSON.parse(execFileSync(npm, ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: REPO_ROOT, env, encoding: 'utf8' }));
  const files: string[] = pack.files.map((f: { path: string }) => f.path);
  for (const needed of ['package.json', 'README.md', 'LICENSE', 'dist/bundle/dd-lint.cjs', 'dist/bundle/cli.cjs', 'dist/src/cli.js', 'dist/src/chart/data/datadog.newest.json', 'dist/src/chart/data/datadog.defaults.json', 'dist/src/chart/data/datadog.keys.json', 'dist/src/chart/data/datadog.notices.json', 'dist/src/chart/data/datadog.fails.json', 'dist/src/rules/registry.generated.js', 'dist/src/generated-validators/config.js', 'policies/otel-hostnetwork-port-conflict.yaml', 'schemas/config.schema.json', 'docs/rules/README.md']) {
    t.ok(files.includes(needed), `ships ${needed}`);
  }
  const allowed = /^(package\.json|README\.md|LICENSE|dist\/src\/.*\.js|dist\/bundle\/[\w.-]+\.cjs|dist\/src\/chart\/data\/[a-z-]+\.(defaults|keys|guards|fails|notices|newest|values-schema)\.json|dist\/src\/chart\/data\/values-schema\/([\d.]+\.cjs|runs\.json)|policies\/.*\.yaml|schemas\/.*\.json|docs\/.*\.md)$/;
  t.same(files.filter((f) => !allowed.test(f)), [], 'nothing else: no sources, tests, benches, caches or CI files');
  t.notOk(files.some((f) => f.startsWith('dist/test/')), 'no compiled tests');
  t.notOk(files.some((f) => f.startsWith('dist/webhook/') || f.startsWith('webhook/')), 'not the webhook');
  t.same(Object.keys(JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')).bin), ['dd-lint'], 'one command: dd-lint');
});

t.test('npx dd-lint from the packed tarball installed with --omit=dev in an empty folder', async (t) => {
  const packDir = mkdtempSync(join(tmpdir(), 'dd-lint-pack-'));
  execFileSync(npm, ['pack', '--ignore-scripts', '--pack-destination', packDir], { cwd: REPO_ROOT, env, stdio: 'ignore' });
  const tarball = join(packDir, readdirSync(packDir).find((f) => f.endsWith('.tgz'))!);
  const app = mkdtempSync(join(tmpdir(), 'dd-lint-install-'));
  execFileSync(npm, ['init', '-y'], { cwd: app, env, stdio: 'ignore' });
  execFileSync(npm, ['install', '--no-audit', '--no-fund', '--omit=dev', tarball], { cwd: app, env, stdio: 'ignore', timeout: 300_000 });
  const megabytes = diskBytes(join(app, 'node_modules')) / (1 << 20);
  t.ok(megabytes <= 25, `node_modules holds ${megabytes.toFixed(1)} MB, at most 25 MB`);
  t.notOk(readdirSync(join(app, 'node_modules')).some((name) => ['fastify', 'pino', '@kubernetes', 'selfsigned'].includes(name)), 'no webhook server stack');
  const r = spawnSync('npx', ['--no-install', 'dd-lint', join(REPO_ROOT, 'examples', 'token-30', 'values.yaml')], { cwd: app, env, encoding: 'utf8' });
  t.equal(r.status, 1, r.stderr);
  t.match(r.stdout, /token-30\/values\.yaml\n  6:3  error  The cluster agent auth token read by DaemonSet datadog\/datadog is 30 characters long; .*  cluster-agent-token-too-short\n/);
  const help = spawnSync('npx', ['--no-install', 'dd-lint', '--version'], { cwd: app, env, encoding: 'utf8' });
  t.equal(help.stdout.trim(), JSON.parse(execFileSync('node', ['-p', 'JSON.stringify(require("./package.json").version)'], { cwd: REPO_ROOT, encoding: 'utf8' })));
});
