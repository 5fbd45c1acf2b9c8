/**
 * Fuzz properties (issue 8), a small sample on every run; `npm run fuzz` runs 100,000+ cases of the
 * engine properties (scripts/fuzz.mjs). Generators: test/helpers/fuzz.ts.
 * - The engine (lintTexts), in this process: resolves, or rejects with a one-line InputError.
 * - The CLI, as a process (slow, so a few runs): exits 0, 1 or 2, never prints a stack trace or an
 *   internal error, prints nothing on stderr for 0 and 1 and exactly one `dd-lint: ` line for 2.
 */
import t from 'tap';
import fc from 'fast-check';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI, REPO_ROOT } from '../helpers/cli.js';
import { byteStrings, engineProperties, manifestTexts, mutatedTexts, setArgs, valuesTexts, yamlText } from '../helpers/fuzz.js';
import type { SetArg } from '../../src/load/values.js';

/** Cases per engine property here (the fuzz script runs thousands). */
const ENGINE_RUNS = Number(process.env.DD_LINT_FUZZ_RUNS ?? 200);
/** CLI processes per kind of input (each costs ~0.2 s). */
const CLI_RUNS = 5;

for (const { name, property } of engineProperties()) {
  t.test(`engine: ${name}`, async (t) => {
    await fc.assert(property, { numRuns: ENGINE_RUNS });
    t.pass(`${ENGINE_RUNS} cases`);
  });
}

const tmp = mkdtempSync(join(tmpdir(), 'dd-lint-fuzz-'));
let counter = 0;

/** Run the CLI on `content` (as a positional file, an -f file or stdin) and check what it printed. */
function cliAnswers(content: string | Uint8Array, how: 'positional' | 'values' | 'stdin', sets: SetArg[] = []): void {
  const file = join(tmp, `input-${counter++}.yaml`);
  if (how !== 'stdin') writeFileSync(file, content);
  const setFlags = sets.flatMap((s) => [s.asString ? '--set-string' : '--set', s.expr]);
  const args = how === 'positional' ? [file] : how === 'values' ? ['-f', file] : ['-'];
  const r = spawnSync(process.execPath, [CLI, ...setFlags, ...args], {
    cwd: REPO_ROOT,
    input: how === 'stdin' ? content : '',
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', DD_LINT_DEBUG: '' },
  });
  const where = `dd-lint ${[...setFlags, ...args].join(' ')}`;
  if (r.status !== 0 && r.status !== 1 && r.status !== 2) throw new Error(`${where}: exit ${r.status} (signal ${r.signal}): ${r.stderr}`);
  if (/^\s+at /m.test(r.stderr)) throw new Error(`${where}: a stack trace on stderr: ${r.stderr}`);
  if (/internal error/.test(r.stderr)) throw new Error(`${where}: ${r.stderr}`);
  if (r.status === 2) {
    if (!/^dd-lint: [^\n]*\n$/.test(r.stderr)) throw new Error(`${where}: exit 2 without exactly one "dd-lint: " line on stderr: ${JSON.stringify(r.stderr)}`);
  } else if (r.stderr !== '') throw new Error(`${where}: exit ${r.status} with stderr: ${JSON.stringify(r.stderr)}`);
}

const how = fc.constantFrom('positional', 'values', 'stdin') as fc.Arbitrary<'positional' | 'values' | 'stdin'>;
const cliProperties: [string, fc.IAsyncProperty<never>][] = [
  ['YAML-shaped text', fc.asyncProperty(yamlText, how, async (text, h) => cliAnswers(text, h)) as never],
  ['byte strings', fc.asyncProperty(byteStrings, how, async (bytes, h) => cliAnswers(bytes, h)) as never],
  ['nested values objects with --set', fc.asyncProperty(valuesTexts, how, setArgs, async (text, h, sets) => cliAnswers(text, h, sets)) as never],
  ['Kubernetes objects', fc.asyncProperty(manifestTexts, async (text) => cliAnswers(text, 'positional')) as never],
  ['mutated fixtures', fc.asyncProperty(mutatedTexts, how, async (text, h) => cliAnswers(text, h)) as never],
  ['--set arguments', fc.asyncProperty(setArgs, async (sets) => cliAnswers('clusterAgent:\n  token: short\n', 'positional', sets)) as never],
];
for (const [name, property] of cliProperties) {
  t.test(`CLI: ${name}`, async (t) => {
    await fc.assert(property, { numRuns: CLI_RUNS });
    t.pass(`${CLI_RUNS} processes`);
  });
}
