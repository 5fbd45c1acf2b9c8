/** Command-line conventions as a user meets them: repeated or unknown flags, --max-warnings, -o, colours. */
import t from 'tap';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { API_KEY_SET, CLI, ddLint } from './helpers/cli.js';
import { wantsColor } from '../src/color.js';

const tmp = mkdtempSync(join(tmpdir(), 'dd-lint-conventions-'));
// One warning (quoted-false-enables) at 3:5.
writeFileSync(join(tmp, 'values.yaml'), 'datadog:\n  otelCollector:\n    enabled: "false"\n');
writeFileSync(join(tmp, 'other-values.yaml'), 'datadog:\n  otelCollector:\n    enabled: "false"\n');
const run = (args: string[], env?: Record<string, string | undefined>) => ddLint(args, { cwd: tmp, ...(env ? { env } : {}) });
const ESC = '\u001b[';

t.test('--format given twice: exit 2, one line, no report', async (t) => {
  const r = run(['--format', 'json', '--format', 'sarif', 'values.yaml']);
  t.same(r, { code: 2, stdout: '', stderr: 'dd-lint: --format given 2 times (json, sarif): give one format\n' });
  t.equal(run(['--format', 'json', '--format', 'json', 'values.yaml']).code, 2, 'even the same one twice');
});

t.test('unknown flags and missing values: one clean line, exit 2, never the value', async (t) => {
  t.same(run(['--bogus', 'values.yaml']), { code: 2, stdout: '', stderr: 'dd-lint: unknown option --bogus (see dd-lint --help)\n' });
  t.same(run(['-x', 'values.yaml']), { code: 2, stdout: '', stderr: 'dd-lint: unknown option -x (see dd-lint --help)\n' });
  const typo = run(['--sett=clusterAgent.token=Zq7TokenPlanted0123456789abcdef', 'values.yaml']);
  t.same(typo, { code: 2, stdout: '', stderr: 'dd-lint: unknown option --sett (see dd-lint --help)\n' }, 'a value given with = is not echoed');
  t.same(run(['values.yaml', '--format']), { code: 2, stdout: '', stderr: 'dd-lint: --format needs a value (see dd-lint --help)\n' });
  t.same(run(['values.yaml', '-o']), { code: 2, stdout: '', stderr: 'dd-lint: --output needs a value (see dd-lint --help)\n' });
});

t.test('--max-warnings: exceeding it fails the run and says so on stderr', async (t) => {
  const over = run(['--max-warnings', '0', 'values.yaml']);
  t.equal(over.code, 1);
  t.equal(over.stderr, 'dd-lint: 1 warning, more than the 0 allowed\n');
  t.match(over.stdout, '3:5  warning');
  const within = run(['--max-warnings', '1', 'values.yaml']);
  t.same([within.code, within.stderr], [0, '']);
  const two = run(['--max-warnings', '1', '--format', 'json', 'values.yaml', 'other-values.yaml']);
  t.equal(two.stderr, 'dd-lint: 2 warnings, more than the 1 allowed\n', 'two releases, two warnings');
  t.equal(two.code, 1);
});

t.test('-o creates the missing folders', async (t) => {
  const r = run(['--format', 'sarif', '-o', 'reports/dd-lint/out.sarif', 'values.yaml', ...API_KEY_SET]);
  t.same([r.code, r.stdout, r.stderr], [0, '', '']);
  const file = join(tmp, 'reports', 'dd-lint', 'out.sarif');
  t.ok(existsSync(file));
  t.equal(JSON.parse(readFileSync(file, 'utf8')).runs[0].results[0].ruleId, 'quoted-false-enables');
  writeFileSync(join(tmp, 'a-file'), '');
  const blocked = run(['-o', 'a-file/out.txt', 'values.yaml']);
  t.equal(blocked.code, 2);
  t.match(blocked.stderr, /^dd-lint: --output a-file\/out\.txt: [^\n]+\n$/, 'a folder that cannot be made: one line');
});

t.test('colours: NO_COLOR, FORCE_COLOR and the flags, as a piped run sees them', async (t) => {
  const colored = (env: Record<string, string | undefined>, args: string[] = []) => run([...args, 'values.yaml'], env).stdout.includes(ESC);
  t.equal(colored({ NO_COLOR: undefined, FORCE_COLOR: undefined }), false, 'piped: none');
  t.equal(colored({ NO_COLOR: undefined, FORCE_COLOR: '1' }), true, 'FORCE_COLOR=1: on even when piped');
  t.equal(colored({ NO_COLOR: undefined, FORCE_COLOR: '0' }), false, 'FORCE_COLOR=0: off');
  t.equal(colored({ NO_COLOR: '1', FORCE_COLOR: '1' }), false, 'NO_COLOR wins over FORCE_COLOR');
  t.equal(colored({ NO_COLOR: '', FORCE_COLOR: '1' }), true, 'an empty NO_COLOR does not count');
  t.equal(colored({ NO_COLOR: '1' }, ['--color']), true, '--color wins over NO_COLOR');
  t.equal(colored({ NO_COLOR: undefined, FORCE_COLOR: '1' }, ['--no-color']), false, '--no-color wins over FORCE_COLOR');
  const file = run(['-o', 'colored.txt', 'values.yaml'], { NO_COLOR: undefined, FORCE_COLOR: '1' });
  t.equal(file.code, 0);
  t.notMatch(readFileSync(join(tmp, 'colored.txt'), 'utf8'), ESC, 'a report written with -o: none without --color');
});

t.test('wantsColor on a terminal: TERM=dumb and the rest', async (t) => {
  const tty = (env: Record<string, string>, flag?: boolean) => wantsColor({ flag, toFile: false, isTTY: () => true, env });
  t.equal(tty({ TERM: 'xterm-256color' }), true);
  t.equal(tty({ TERM: 'dumb' }), false, 'TERM=dumb: off');
  t.equal(tty({ TERM: 'dumb', FORCE_COLOR: '1' }), true, 'FORCE_COLOR wins over TERM=dumb');
  t.equal(tty({ TERM: 'xterm', NO_COLOR: 'yes' }), false, 'NO_COLOR: off whatever its value');
  t.equal(tty({ TERM: 'xterm', FORCE_COLOR: 'false' }), false, 'FORCE_COLOR=false: off');
  t.equal(tty({ TERM: 'dumb' }, true), true, '--color');
  t.equal(wantsColor({ flag: undefined, toFile: true, isTTY: () => true, env: { FORCE_COLOR: '1' } }), false, 'to a file');
});

t.test('the new formats end to end: paths relative to the working directory, --set masked once', async (t) => {
  const gitlab = run(['--format', 'gitlab', 'values.yaml', '--set', 'clusterAgent.token=abc', ...API_KEY_SET]);
  t.equal(gitlab.code, 1);
  const issues = JSON.parse(gitlab.stdout);
  t.same(
    issues.map((i: any) => [i.check_name, i.severity, i.location]),
    [
      ['quoted-false-enables', 'minor', { path: 'values.yaml', lines: { begin: 3 } }],
      ['cluster-agent-token-too-short', 'major', { path: 'values.yaml', lines: { begin: 1 } }],
    ],
  );
  t.match(issues[1].description, /\(set on the command line: --set clusterAgent\.token=<redacted, 3 chars>\)$/);
  const reports = run(['--format', 'policyreport', 'values.yaml', '--set', 'clusterAgent.token=abc', ...API_KEY_SET]);
  t.equal(reports.code, 1);
  const docs = parseAllDocuments(reports.stdout).map((d) => d.toJS());
  t.same(docs.map((d) => [d.kind, d.metadata.namespace, d.summary]), [
    ['ClusterPolicyReport', undefined, { pass: 0, fail: 0, warn: 1, error: 0, skip: 0 }],
    ['PolicyReport', 'datadog', { pass: 0, fail: 1, warn: 0, error: 0, skip: 0 }],
  ]);
  t.equal(docs[1].results[0].properties.location, '--set clusterAgent.token=<redacted, 3 chars>');
});

t.test('a reader that stops early (dd-lint schema | head) gets no stack trace', async (t) => {
  const { spawnSync } = await import('node:child_process');
  // The schema is over 100 kB: more than a pipe holds, so the CLI is still writing when head leaves.
  const r = spawnSync('sh', ['-c', `"${process.execPath}" "${CLI}" schema | head -c 10 >/dev/null`], { encoding: 'utf8' });
  t.equal(r.stderr, '', 'nothing on stderr');
  t.equal(r.status, 0);
});
