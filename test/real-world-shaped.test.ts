/**
 * The precision harness: setups written the way public repositories keep them
 * (test/fixtures/real-world-shaped/<setup>/, see its README), each linted as a folder and compared
 * exactly with its expected.yaml: policy, file, line, column, severity, and whether the finding is
 * true. It prints precision (true findings / all findings) and the misses the setups record; every
 * error-level finding must be true.
 */
import t from 'tap';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ddLint, REPO_ROOT } from './helpers/cli.js';

const ROOT = join(REPO_ROOT, 'test', 'fixtures', 'real-world-shaped');

interface Expected {
  policy: string;
  file: string;
  line: number;
  column: number;
  severity: string;
  /** Whether the finding is right about the setup. */
  correct: boolean;
}

interface Setup {
  setup: string;
  findings: Expected[];
  misses?: string[];
}

interface Reported {
  ruleId: string;
  severity: string;
  location: { file: string; line: number; column: number };
  suppression?: unknown;
}

const place = (f: Omit<Expected, 'correct'>) => `${f.policy} ${f.file}:${f.line}:${f.column} ${f.severity}`;

/** The setup's findings as dd-lint reports them (suppressed ones do not count), in the report's order. */
function lint(dir: string): string[] {
  const config = existsSync(join(dir, '.dd-lint.yaml')) ? ['--config', '.dd-lint.yaml'] : ['--no-config'];
  const r = ddLint(['--format', 'json', ...config, '.'], { cwd: dir });
  if (r.code !== 0 && r.code !== 1) throw new Error(`dd-lint exited ${r.code} on ${dir}: ${r.stderr}`);
  const report = JSON.parse(r.stdout) as { findings: Reported[] };
  return report.findings.filter((f) => !f.suppression).map((f) => place({ policy: f.ruleId, file: f.location.file, line: f.location.line, column: f.location.column, severity: f.severity }));
}

const setups = readdirSync(ROOT, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
let all = 0;
let trueOnes = 0;
const falseOnes: string[] = [];
const misses: string[] = [];

t.ok(setups.length >= 20, 'at least 20 setups');

for (const name of setups) {
  const dir = join(ROOT, name);
  const expected = parse(readFileSync(join(dir, 'expected.yaml'), 'utf8')) as Setup;
  const actual = lint(dir);
  const today = expected.findings;
  t.test(`${name}: ${expected.setup}`, async (t) => {
    t.same([...actual].sort(), today.map(place).sort(), 'exactly the expected findings');
    for (const f of today) if (f.severity === 'error') t.ok(f.correct, `an error-level finding is true: ${place(f)}`);
  });
  all += today.length;
  trueOnes += today.filter((f) => f.correct).length;
  falseOnes.push(...today.filter((f) => !f.correct).map((f) => `${name}: ${place(f)}`));
  misses.push(...(expected.misses ?? []).map((m) => `${name}: ${m}`));
}

t.test('precision', async (t) => {
  const precision = all === 0 ? 1 : trueOnes / all;
  t.comment(`precision on ${setups.length} real-world-shaped setups: ${trueOnes}/${all} findings true (${(precision * 100).toFixed(1)}%)`);
  for (const f of falseOnes) t.comment(`false: ${f}`);
  for (const m of misses) t.comment(`miss: ${m}`);
  t.ok(all > 0);
  const doc = readFileSync(join(REPO_ROOT, 'docs', 'precision.md'), 'utf8');
  const row = (findings: number, correct: number) => `| ${findings} | ${correct} | ${((correct / findings) * 100).toFixed(1)}% |`;
  t.ok(doc.includes(`| today ${row(all, trueOnes)}`), `docs/precision.md records today's figures: ${row(all, trueOnes)}`);
  t.ok(doc.includes(`, ${setups.length} setups)`), 'and the number of setups');
});
