#!/usr/bin/env node
// The smallest install that runs dd-lint from a clone of this repository, for the pre-commit hook
// (scripts/pre-commit-hook.mjs) and the Helm plugin (plugin.yaml's install and update hooks): the
// package's own production dependencies (not the webhook workspace's server stack), esbuild alone
// in .cache/esbuild/ (none of the other dev dependencies: tap, TypeScript...), the generated
// sources, and the bundle (dist/bundle/: the CLI and the Helm plugin). No TypeScript compile:
// esbuild reads the sources. Says one line on stderr; npm's output only when it fails.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export class InstallError extends Error {}

const NPM_QUIET = ['--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error', '--prefer-offline'];

/**
 * Installs and builds dd-lint in `root` (a clone of this repository). Steps that do not need each
 * other run side by side: the dependencies and esbuild, then the two generators.
 */
export async function lightInstall(root) {
  process.stderr.write('dd-lint: installing (first run only)...\n');
  const run = (command, args) =>
    new Promise((resolve, reject) => {
      const child = spawn(command, args, { cwd: root, shell: process.platform === 'win32', stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      child.stdout.on('data', (d) => (output += d));
      child.stderr.on('data', (d) => (output += d));
      child.on('error', (err) => (output += `${err.message}\n`));
      child.on('close', (status) => {
        if (status === 0) return resolve();
        process.stderr.write(output);
        reject(new InstallError(`\`${command} ${args.join(' ')}\` failed in ${root}`));
      });
    });
  const script = (name) => run(process.execPath, [join(root, 'scripts', name)]);
  const esbuild = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')).packages['node_modules/esbuild'].version;
  await Promise.all([
    // --workspaces=false: not the webhook's dependencies; --ignore-scripts: none of them needs an install script.
    run('npm', ['ci', '--omit=dev', '--workspaces=false', ...NPM_QUIET]),
    run('npm', ['install', '--prefix', join(root, '.cache', 'esbuild'), '--no-save', '--no-package-lock', ...NPM_QUIET, `esbuild@${esbuild}`]),
  ]);
  await Promise.all([script('gen-policies.mjs'), script('gen-validators.mjs')]);
  await script('copy-chart-data.mjs');
  await script('bundle-cli.mjs');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    await lightInstall(dirname(dirname(fileURLToPath(import.meta.url))));
  } catch (err) {
    if (!(err instanceof InstallError)) throw err;
    process.stderr.write(`dd-lint: ${err.message}\n`);
    process.exit(2);
  }
}
