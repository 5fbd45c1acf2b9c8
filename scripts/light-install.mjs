#!/usr/bin/env node
// The smallest install that runs dd-lint from a clone of this repository, for the pre-commit hook
// (scripts/pre-commit-hook.mjs) and the Helm plugin (plugin.yaml's install and update hooks): the
// package's own production dependencies (not the webhook workspace's server stack), esbuild alone
// in .cache/esbuild/ (none of the other dev dependencies: tap, TypeScript...), the generated
// sources, and the bundle (dist/bundle/: the CLI and the Helm plugin). No TypeScript compile:
// esbuild reads the sources. Says one line on stderr; npm's output only when it fails.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export class InstallError extends Error {}

const NPM_QUIET = ['--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error', '--prefer-offline'];

/** Installs and builds dd-lint in `root` (a clone of this repository). */
export function lightInstall(root) {
  process.stderr.write('dd-lint: installing (first run only)...\n');
  const run = (command, args) => {
    const r = spawnSync(command, args, { cwd: root, encoding: 'utf8', shell: process.platform === 'win32', maxBuffer: 64 << 20 });
    if (r.status !== 0) {
      process.stderr.write((r.stdout ?? '') + (r.stderr ?? '') + (r.error ? `${r.error.message}\n` : ''));
      throw new InstallError(`\`${command} ${args.join(' ')}\` failed in ${root}`);
    }
  };
  const esbuild = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')).packages['node_modules/esbuild'].version;
  // --workspaces=false: not the webhook's dependencies; --ignore-scripts: none of them needs an install script.
  run('npm', ['ci', '--omit=dev', '--workspaces=false', ...NPM_QUIET]);
  run('npm', ['install', '--prefix', join(root, '.cache', 'esbuild'), '--no-save', '--no-package-lock', ...NPM_QUIET, `esbuild@${esbuild}`]);
  for (const script of ['gen-policies.mjs', 'gen-validators.mjs', 'copy-chart-data.mjs', 'bundle-cli.mjs']) run(process.execPath, [join(root, 'scripts', script)]);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    lightInstall(dirname(dirname(fileURLToPath(import.meta.url))));
  } catch (err) {
    if (!(err instanceof InstallError)) throw err;
    process.stderr.write(`dd-lint: ${err.message}\n`);
    process.exit(2);
  }
}
