/**
 * The GitHub Action (action.yml): its lint step runs scripts/action-run.mjs with the inputs as
 * INPUT_* variables. Here the script is run as that step runs it, with the variables GitHub sets
 * (GITHUB_OUTPUT included), against the built bundle: exit codes, the log, the SARIF file, the outputs.
 */
import t from 'tap';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { REPO_ROOT } from '../helpers/cli.js';

const SCRIPT = join(REPO_ROOT, 'scripts', 'action-run.mjs');

interface Action {
  inputs: Record<string, { default?: string }>;
  runs: { using: string; steps: { id?: string; uses?: string; run?: string; env?: Record<string, string>; with?: Record<string, string> }[] };
}
const action = parse(readFileSync(join(REPO_ROOT, 'action.yml'), 'utf8')) as Action;
const lintStep = action.runs.steps.find((s) => s.id === 'lint')!;

/** Runs the script with the action's defaults for every input it is given, overridden by `inputs`. */
function runAction(inputs: Record<string, string>) {
  const dir = mkdtempSync(join(tmpdir(), 'dd-lint-action-'));
  const outputFile = join(dir, 'github-output');
  writeFileSync(outputFile, '');
  const env: Record<string, string> = { PATH: process.env.PATH ?? '', NO_COLOR: '1', GITHUB_OUTPUT: outputFile };
  for (const [name, spec] of Object.entries(action.inputs)) env[`INPUT_${name.toUpperCase()}`] = inputs[name] ?? spec.default ?? '';
  const r = spawnSync(process.execPath, [SCRIPT], { cwd: REPO_ROOT, env, encoding: 'utf8' });
  const outputs = Object.fromEntries(
    readFileSync(outputFile, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, outputs, dir };
}

interface Sarif {
  runs: { results: { ruleId: string; level: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number } } }[] }[] }[];
}
function sarifResults(file: string): string[] {
  const sarif = JSON.parse(readFileSync(file, 'utf8')) as Sarif;
  return sarif.runs[0]!.results.map((r) => {
    const { artifactLocation, region } = r.locations[0]!.physicalLocation;
    return `${artifactLocation.uri} ${region.startLine}:${region.startColumn} ${r.level} ${r.ruleId}`;
  });
}

t.test('action.yml: a composite action whose lint step hands the script every input it reads', async (t) => {
  t.equal(action.runs.using, 'composite');
  t.same(
    Object.keys(lintStep.env!).filter((k) => k.startsWith('INPUT_')).sort(),
    ['config', 'format', 'max-warnings', 'paths', 'sarif-file', 'severity', 'values'].map((n) => `INPUT_${n.toUpperCase()}`).sort(),
  );
  for (const [k, v] of Object.entries(lintStep.env!)) if (k.startsWith('INPUT_')) t.equal(v, `\${{ inputs.${k.slice(6).toLowerCase()} }}`, k);
  t.ok(action.runs.steps.some((s) => s.uses?.startsWith('actions/setup-node@')), 'sets up Node');
  const upload = action.runs.steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@'));
  t.equal(upload?.with?.sarif_file, '${{ steps.lint.outputs.sarif-file }}');
});

t.test('errors fail the step, annotate the file and land in the SARIF file', async (t) => {
  const sarifPath = join(mkdtempSync(join(tmpdir(), 'dd-lint-sarif-')), 'reports', 'dd-lint.sarif');
  const r = runAction({ paths: 'examples/token-30/values.yaml', 'sarif-file': sarifPath });
  t.equal(r.code, 1, r.stderr);
  t.match(r.stdout, /^::error file=examples\/token-30\/values\.yaml,line=6,col=3,title=cluster-agent-token-too-short/);
  t.equal(r.stderr, '');
  t.same(sarifResults(sarifPath), ['examples/token-30/values.yaml 6:3 error cluster-agent-token-too-short']);
  t.same(r.outputs, { 'exit-code': '1', 'sarif-file': sarifPath });
});

t.test('values files merge into one release (-f), paths given as lines', async (t) => {
  const r = runAction({ values: 'examples/otel-hostnetwork/values.yaml', paths: 'examples/otel-hostnetwork/port-blocker.yaml\nexamples/token-30/values.yaml\n', format: 'json', 'sarif-file': '' });
  t.equal(r.code, 1, r.stderr);
  const report = JSON.parse(r.stdout) as { findings: { ruleId: string; location: { file: string; line: number } }[] };
  t.same(report.findings.map((f) => `${f.location.file} ${f.location.line} ${f.ruleId}`), [
    'examples/otel-hostnetwork/port-blocker.yaml 13 host-port-collision',
    'examples/otel-hostnetwork/values.yaml 7 otel-hostnetwork-port-conflict',
    'examples/token-30/values.yaml 6 cluster-agent-token-too-short',
  ]);
  t.same(r.outputs, { 'exit-code': '1' }, 'no SARIF file asked for, none named');
});

t.test('max-warnings and severity', async (t) => {
  const tooMany = runAction({ paths: 'examples/vcluster/values.yaml', 'max-warnings': '0', 'sarif-file': join(mkdtempSync(join(tmpdir(), 'dd-lint-sarif-')), 'w.sarif') });
  t.equal(tooMany.code, 1);
  t.equal(tooMany.stderr, 'dd-lint: 1 warning, more than the 0 allowed\n', 'said once, not again by the SARIF run');
  t.same(sarifResults(tooMany.outputs['sarif-file']!), ['examples/vcluster/values.yaml 6:5 warning kubelet-tls-verify-disabled', 'examples/vcluster/values.yaml 14:7 note kubelet-token-override']);
  const within = runAction({ paths: 'examples/vcluster/values.yaml', 'max-warnings': '1', 'sarif-file': '' });
  t.equal(within.code, 0);
  const errorsOnly = runAction({ paths: 'examples/vcluster/values.yaml', severity: 'error', format: 'stylish', 'sarif-file': join(mkdtempSync(join(tmpdir(), 'dd-lint-sarif-')), 'e.sarif') });
  t.equal(errorsOnly.code, 0);
  t.match(errorsOnly.stdout, /no problems/);
  t.same(sarifResults(errorsOnly.outputs['sarif-file']!), []);
});

t.test('bad input: exit 2 and one line, said once', async (t) => {
  const sarifPath = join(mkdtempSync(join(tmpdir(), 'dd-lint-sarif-')), 'x.sarif');
  const missing = runAction({ paths: 'examples/no-such-values.yaml', 'sarif-file': sarifPath });
  t.equal(missing.code, 2);
  t.match(missing.stderr, /^dd-lint: examples\/no-such-values\.yaml: [^\n]+\n$/);
  t.equal(missing.outputs['exit-code'], '2');
  const badFormat = runAction({ paths: 'examples/token-30/values.yaml', format: 'html', 'sarif-file': '' });
  t.equal(badFormat.code, 2);
  t.equal(badFormat.stderr.split('\n').filter(Boolean).length, 1, badFormat.stderr);
  t.notOk(existsSync(join(badFormat.dir, 'dd-lint.sarif')));
});
