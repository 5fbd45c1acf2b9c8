#!/usr/bin/env node
// The entry of the `dd-lint` pre-commit hook (.pre-commit-hooks.yaml, `language: script`).
// pre-commit runs it from its own clone of this repository, where dist/ does not exist (it is not in
// git), with the staged files as arguments. The first run of a clone builds dd-lint there (`npm ci`,
// `npm run build`, then the dev dependencies are pruned); every run then lints the files in this
// process. A lock directory keeps two hook runs from building the same clone at once.
//
// Why not `language: node`: pre-commit (3.0.4, Debian's) installs a node hook with `npm pack`, reads
// the tarball's name from npm's stdout, and npm prints the `prepare` script's banner there too, so
// the install fails before dd-lint is ever run.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const cli = join(root, 'dist', 'src', 'cli.js');
const lock = join(root, '.dd-lint-build.lock');

const say = (line) => process.stderr.write(`dd-lint hook: ${line}\n`);

class HookError extends Error {}

/** npm in the clone, quiet unless it fails (then its output is the hook's). */
function npm(args) {
  const r = spawnSync('npm', args, { cwd: root, encoding: 'utf8', shell: process.platform === 'win32', maxBuffer: 64 << 20 });
  if (r.status !== 0) {
    process.stderr.write((r.stdout ?? '') + (r.stderr ?? '') + (r.error ? `${r.error.message}\n` : ''));
    throw new HookError(`\`npm ${args.join(' ')}\` failed in ${root}`);
  }
}

/** The lock's owner is gone: a process that no longer runs, or no pid a minute after the lock was made. */
function stale() {
  try {
    const pid = Number(readFileSync(join(lock, 'pid'), 'utf8'));
    process.kill(pid, 0);
    return false;
  } catch (err) {
    if (err.code === 'EPERM') return false;
    if (err.code === 'ENOENT') return Date.now() - statSync(lock, { throwIfNoEntry: false })?.mtimeMs > 60_000;
    return true;
  }
}

/** Builds the clone unless it is built; a lock left by a build that did not finish means it is not. */
async function ensureBuilt() {
  let interrupted = false;
  for (let waited = 0; ; waited++) {
    if (!interrupted && !existsSync(lock) && existsSync(cli)) return;
    try {
      mkdirSync(lock);
    } catch (err) {
      if (err.code !== 'EEXIST') throw err;
      if (stale()) {
        rmSync(lock, { recursive: true, force: true });
        interrupted = true;
      } else {
        if (waited === 0) say('another hook run is building dd-lint, waiting');
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
      continue;
    }
    writeFileSync(join(lock, 'pid'), String(process.pid));
    say(`building dd-lint in ${root} (once per hook version: npm ci, npm run build)`);
    // --ignore-scripts: the build runs once, explicitly, whatever the user's npm config says about
    // lifecycle scripts (no dependency has an install script).
    npm(['ci', '--include=dev', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error', '--prefer-offline']);
    npm(['run', 'build', '--silent']);
    npm(['prune', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error']);
    // Only a finished build lets the lock go: after a failure or a kill, the next run builds again.
    rmSync(lock, { recursive: true, force: true });
    return;
  }
}

try {
  if (Number(process.versions.node.split('.')[0]) < 20) throw new HookError(`dd-lint needs Node.js 20 or later; \`node\` on PATH is ${process.version}`);
  await ensureBuilt();
} catch (err) {
  if (!(err instanceof HookError)) throw err;
  say(err.message);
  process.exit(2);
}
await import(pathToFileURL(cli).href); // dd-lint reads process.argv.slice(2): the files pre-commit passes
