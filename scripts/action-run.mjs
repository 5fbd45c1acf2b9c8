#!/usr/bin/env node
// The step of the GitHub Action (action.yml) that runs dd-lint. Its inputs come as GitHub passes an
// action's inputs, INPUT_<NAME> (upper case, hyphens kept: INPUT_SARIF-FILE). It lints once in
// `format` for the job's log (`github`: annotations on the pull request's files), and once more
// in SARIF into `sarif-file` when one is given, for code scanning. Its exit code is dd-lint's
// first run's: 0 clean, 1 errors (or more warnings than `max-warnings`), 2 bad input or usage.
// The dd-lint it runs: DD_LINT_BIN, else the bundle of this checkout (dist/bundle/dd-lint.cjs).
import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const bin = process.env.DD_LINT_BIN || join(root, 'dist', 'bundle', 'dd-lint.cjs');

/** An input's value, trimmed ('' when not given), as @actions/core's getInput reads it. */
function input(name) {
  return (process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim();
}

/** A list input: one item a line, or several on a line separated by spaces. */
function list(name) {
  return input(name).split(/\s+/).filter(Boolean);
}

const common = [
  ...list('values').flatMap((file) => ['--values', file]),
  ...(input('config') ? ['--config', input('config')] : []),
  ...(input('severity') ? ['--severity', input('severity')] : []),
];
const paths = list('paths');
if (paths.length === 0 && list('values').length === 0) paths.push('.');

/** dd-lint's exit code; its stderr is the job's unless `quiet` (then it is returned to be shown on failure). */
function ddLint(args, quiet = false) {
  const r = spawnSync(process.execPath, [bin, ...args], { stdio: ['ignore', 'inherit', quiet ? 'pipe' : 'inherit'], encoding: 'utf8' });
  if (r.error) {
    process.stderr.write(`dd-lint action: cannot run ${bin}: ${r.error.message}\n`);
    return { code: 2, stderr: '' };
  }
  return { code: r.status ?? 2, stderr: r.stderr ?? '' };
}

const maxWarnings = input('max-warnings') ? ['--max-warnings', input('max-warnings')] : [];
const { code } = ddLint(['--format', input('format') || 'github', ...maxWarnings, ...common, ...paths]);
const sarifFile = input('sarif-file');
if (sarifFile) {
  // Written even when the first run failed the job, for code scanning. Its stderr repeats the first
  // run's (notes, unreadable inputs): shown only when the first run had no such trouble of its own.
  const sarif = ddLint(['--format', 'sarif', '--output', sarifFile, ...common, ...paths], true);
  if (sarif.code === 2 && code !== 2) process.stderr.write(sarif.stderr);
}

if (process.env.GITHUB_OUTPUT) {
  appendFileSync(process.env.GITHUB_OUTPUT, `exit-code=${code}\n` + (sarifFile && existsSync(sarifFile) ? `sarif-file=${sarifFile}\n` : ''));
}
process.exitCode = code;
