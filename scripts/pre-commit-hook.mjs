#!/usr/bin/env node
// The entry of the `dd-lint` pre-commit hook (.pre-commit-hooks.yaml, `language: script`).
// pre-commit runs it from its own clone of this repository, where dist/ does not exist (it is not in
// git), with the staged files as arguments. The first run of a clone installs dd-lint there the light
// way (scripts/light-install.mjs: production dependencies and the bundle, no dev dependencies); every
// run then lints the files in this process. A lock directory keeps two hook runs from installing in
// the same clone at once.
//
// Why not `language: node`: pre-commit (3.0.4, Debian's) installs a node hook with `npm pack`, reads
// the tarball's name from npm's stdout, and npm prints the `prepare` script's banner there too, so
// the install fails before dd-lint is ever run.
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { InstallError, lightInstall } from './light-install.mjs';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const cli = join(root, 'dist', 'bundle', 'dd-lint.cjs');
const lock = join(root, '.dd-lint-build.lock');

const say = (line) => process.stderr.write(`dd-lint hook: ${line}\n`);

class HookError extends Error {}

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

/** Installs in the clone unless it is done; a lock left by an install that did not finish means it is not. */
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
        if (waited === 0) say('another hook run is installing dd-lint, waiting');
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
      continue;
    }
    writeFileSync(join(lock, 'pid'), String(process.pid));
    await lightInstall(root);
    // Only a finished install lets the lock go: after a failure or a kill, the next run installs again.
    rmSync(lock, { recursive: true, force: true });
    return;
  }
}

try {
  if (Number(process.versions.node.split('.')[0]) < 20) throw new HookError(`dd-lint needs Node.js 20 or later; \`node\` on PATH is ${process.version}`);
  await ensureBuilt();
} catch (err) {
  if (!(err instanceof HookError || err instanceof InstallError)) throw err;
  say(err.message);
  process.exit(2);
}
await import(pathToFileURL(cli).href); // dd-lint reads process.argv.slice(2): the files pre-commit passes
