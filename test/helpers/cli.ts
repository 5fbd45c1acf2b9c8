/** Run the built CLI as a user would: a real process, its exit code and its output. */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const CLI = fileURLToPath(new URL('../../src/cli.js', import.meta.url));

/** What a CLI run with no findings prints: one summary line. */
export const NO_PROBLEMS = /^✔ [^\n]*: no problems\n$/;

/** The API key as most installs give it, on the command line (any value: dd-lint never prints it). */
export const API_KEY_SET = ['--set', 'datadog.apiKey=placeholder-api-key'];

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `env` is added to the environment; a key set to undefined is removed from it. */
export function ddLint(args: string[], options: { cwd?: string; input?: string; env?: Record<string, string | undefined> } = {}): CliResult {
  const env = Object.fromEntries(
    Object.entries({ ...process.env, NO_COLOR: '1', DD_LINT_DEBUG: '', ...options.env }).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
  const result = spawnSync(process.execPath, [CLI, ...args], {
    cwd: options.cwd ?? REPO_ROOT,
    input: options.input ?? '',
    encoding: 'utf8',
    env,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}
