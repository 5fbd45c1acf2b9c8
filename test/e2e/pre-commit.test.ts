/**
 * The pre-commit hook (.pre-commit-hooks.yaml): its declared command on the fixtures, then the real
 * thing, `pre-commit try-repo <this repo> dd-lint --files <fixture>` in a temporary git repository,
 * which clones this repository, installs dd-lint in the clone and runs the hook. pre-commit must be
 * installed (`apt-get install -y pre-commit`; .ci/run does it): without it this test fails.
 */
import t from 'tap';
import { spawn, spawnSync } from 'node:child_process';
import { accessSync, constants, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parse } from 'yaml';
import { REPO_ROOT } from '../helpers/cli.js';
import { FIXTURES_DIR } from '../helpers/fixtures.js';

// try-repo installs dd-lint from scratch in a fresh clone (scripts/light-install.mjs: seconds on an idle machine).
t.setTimeout(10 * 60_000);

interface Hook {
  id: string;
  name: string;
  description?: string;
  entry: string;
  language: string;
  args?: string[];
  files: string;
  exclude?: string;
  require_serial?: boolean;
}

const hook = (parse(readFileSync(join(REPO_ROOT, '.pre-commit-hooks.yaml'), 'utf8')) as Hook[]).find((h) => h.id === 'dd-lint');
if (!hook) throw new Error('.pre-commit-hooks.yaml declares no dd-lint hook');

/** pre-commit's patterns are Python regexes; the only Python-only syntax used is a leading (?i). */
function pythonRegex(pattern: string): RegExp {
  const ignoreCase = pattern.startsWith('(?i)');
  const body = ignoreCase ? pattern.slice(4) : pattern;
  if (body.includes('(?')) throw new Error(`${pattern}: inline flags other than a leading (?i) are not checked here`);
  return new RegExp(body, ignoreCase ? 'i' : '');
}
const files = pythonRegex(hook.files);
const exclude = hook.exclude ? pythonRegex(hook.exclude) : undefined;
const selected = (path: string) => files.test(path) && !exclude?.test(path);

/** Where each fixture goes in the user's repository: a path the hook's `files` selects. */
const CASES = [
  { name: 'fails on a 30-character cluster agent token', fixture: join(FIXTURES_DIR, 's004-token-30', 'values.yaml'), code: 1 },
  { name: 'passes on the default values', fixture: join(FIXTURES_DIR, 'default', 'values.yaml'), code: 0 },
];
const TARGET = 'datadog/values.yaml';
const FINDING = 'cluster-agent-token-too-short';

const work = mkdtempSync(join(tmpdir(), 'dd-lint-pre-commit-'));
t.teardown(() => rmSync(work, { recursive: true, force: true }));

const gitIdentity = { GIT_AUTHOR_NAME: 'dd-lint test', GIT_AUTHOR_EMAIL: 'dd-lint@example.invalid', GIT_COMMITTER_NAME: 'dd-lint test', GIT_COMMITTER_EMAIL: 'dd-lint@example.invalid' };

/**
 * The environment of the hook runs: HOME, pre-commit's home and temporary files inside `work`, and
 * none of the npm_* variables `npm test` sets (npm_config_local_prefix would point the clone's npm at
 * this checkout). npm keeps its cache and user config (registry, proxy, CA), so the clone installs
 * from the cache `npm ci` already filled.
 */
function hookEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^npm_/i.test(k) && k !== 'INIT_CWD') env[k] = v;
  const home = join(work, 'home');
  mkdirSync(join(home, 'tmp'), { recursive: true });
  return {
    ...env,
    ...gitIdentity,
    HOME: home,
    XDG_CACHE_HOME: join(home, '.cache'),
    PRE_COMMIT_HOME: join(home, '.cache', 'pre-commit'),
    TMPDIR: join(home, 'tmp'),
    npm_config_cache: process.env.npm_config_cache || join(homedir(), '.npm'),
    npm_config_userconfig: process.env.npm_config_userconfig || join(homedir(), '.npmrc'),
    NO_COLOR: '1',
  };
}

function git(cwd: string, ...args: string[]): string {
  const r = spawnSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, ...gitIdentity } });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')} in ${cwd}: ${r.stderr || r.error?.message}`);
  return r.stdout;
}

/** A git repository of a user with one fixture at TARGET. */
function userRepo(name: string, fixture: string): string {
  const dir = join(work, name);
  mkdirSync(join(dir, dirname(TARGET)), { recursive: true });
  copyFileSync(fixture, join(dir, TARGET));
  git(dir, 'init', '-q');
  git(dir, 'add', '.');
  return dir;
}

t.test('.pre-commit-hooks.yaml declares the dd-lint hook', async (t) => {
  t.equal(hook.language, 'script', 'built in its clone by its entry (dist/ is not in git)');
  t.equal(hook.require_serial, true, 'one dd-lint process sees every file: one picture of a cluster');
  t.doesNotThrow(() => accessSync(join(REPO_ROOT, hook.entry), constants.X_OK), `${hook.entry} is executable`);
  const tracked = git(REPO_ROOT, 'ls-files', '-s', '--', hook.entry);
  if (tracked) t.match(tracked, /^100755 /, `${hook.entry} is executable in git (pre-commit runs it from a clone)`);
  for (const path of [TARGET, 'values.yaml', 'clusters/prod/values-prod.yml', 'helm/datadog-values.json', 'k8s/shop/deployment.yaml', 'deploy/app.yml', 'manifests/app.json']) {
    t.ok(selected(path), `files selects ${path}`);
  }
  for (const path of ['charts/app/templates/deployment.yaml', 'charts/app/values.schema.json', '.pre-commit-config.yaml', '.github/workflows/ci.yml', 'package.json', 'values.yaml.orig']) {
    t.notOk(selected(path), `files leaves out ${path}`);
  }
});

t.test("the hook's declared command", async (t) => {
  for (const c of CASES) {
    const repo = userRepo(`command-${c.code}`, c.fixture);
    const r = spawnSync(join(REPO_ROOT, hook.entry), [...(hook.args ?? []), TARGET], { cwd: repo, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    t.equal(r.status, c.code, `${c.name}: exit code\n${r.stdout}${r.stderr}`);
    if (c.code === 1) t.match(r.stdout, `${TARGET}\n`, 'names the file as pre-commit passed it');
    t.equal(r.stdout.includes(FINDING), c.code === 1, `${c.name}: ${FINDING} ${c.code ? 'reported' : 'not reported'}`);
  }
});

t.test('pre-commit try-repo runs the hook from a clone of this repository', async (t) => {
  const version = spawnSync('pre-commit', ['--version'], { encoding: 'utf8' });
  if (version.error || version.status !== 0) {
    t.fail(`pre-commit is not installed or does not run (${version.error?.message ?? version.stderr}): install it with \`apt-get install -y pre-commit\` (.ci/run does)`);
    return;
  }
  t.comment(version.stdout.trim());

  // The hook repository is a snapshot of this working tree (tracked and untracked files that git
  // does not ignore), committed: try-repo clones it, so it tests exactly what `npm test` builds,
  // whatever is committed or staged in this checkout.
  const hookRepo = join(work, 'hook-repo');
  for (const path of git(REPO_ROOT, 'ls-files', '-z', '-co', '--exclude-standard').split('\0')) {
    if (!path || !existsSync(join(REPO_ROOT, path))) continue;
    mkdirSync(join(hookRepo, dirname(path)), { recursive: true });
    copyFileSync(join(REPO_ROOT, path), join(hookRepo, path)); // keeps the executable bit
  }
  git(hookRepo, 'init', '-q');
  git(hookRepo, 'add', '.');
  git(hookRepo, 'commit', '-q', '-m', 'snapshot for pre-commit try-repo');

  const env = hookEnv();
  const tryRepo = (repo: string) =>
    new Promise<{ code: number | null; output: string }>((resolve, reject) => {
      const child = spawn('pre-commit', ['try-repo', hookRepo, hook.id, '--files', TARGET], { cwd: repo, env, stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      child.stdout.on('data', (d: Buffer) => (output += d));
      child.stderr.on('data', (d: Buffer) => (output += d));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, output }));
    });
  // One after the other: each try-repo clones and builds on its own, and in parallel they only
  // compete for the same cores.
  for (const [i, c] of CASES.entries()) {
    const started = Date.now();
    const r = await tryRepo(userRepo(`try-repo-${c.code}`, c.fixture));
    t.comment(`${c.name}: pre-commit try-repo took ${((Date.now() - started) / 1000).toFixed(1)} s`);
    t.equal(r.code, c.code, `${c.name}: exit code\n${r.output}`);
    // pre-commit shows a hook's output when it fails: the first case is a failure, and the first run of the clone.
    if (i === 0) t.match(r.output, 'dd-lint: installing (first run only)...\n', 'the first run says it installs');
    if (c.code === 1) {
      t.match(r.output, /dd-lint[^\n]*\.+Failed/, 'the hook failed');
      t.match(r.output, '- exit code: 1', 'with dd-lint exit code 1 (errors found), not 2 (input problem)');
      t.match(r.output, FINDING, 'the finding is in the output');
      t.match(r.output, `${TARGET}\n`, 'at the file');
    } else {
      t.match(r.output, /dd-lint[^\n]*\.+Passed/, 'the hook ran and passed (not skipped: files selects the fixture)');
      t.notMatch(r.output, FINDING);
    }
  }
});
