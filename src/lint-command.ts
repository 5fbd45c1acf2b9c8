/**
 * `dd-lint [options] <inputs>` once src/cli.ts has parsed the arguments: settings, the run, the
 * report and the exit code. What every lint run needs is imported here statically, so that the
 * bundle reads it as one chunk (a cold start opens few files); --help, --version and `schema`
 * never load it.
 */
import { settingsFrom } from './config/settings.js';
import { run } from './engine/run.js';
import { InputError, oneLine } from './load/input-error.js';
import type { ReportFlags } from './report/flags.js';
import { reportPlan, writeReport } from './report/output.js';
import { writeErr, writeOut } from './stdio.js';

export interface LintFlags extends ReportFlags {
  values: string[];
  set: string[];
  'set-string': string[];
  config?: string | undefined;
  'no-config'?: boolean | undefined;
  'print-config'?: boolean | undefined;
  policies: string[];
  'report-unused-disable'?: boolean | undefined;
  'chart-version'?: string | undefined;
  chart?: string | undefined;
  'release-name'?: string | undefined;
  namespace?: string | undefined;
}

export async function lintCommand(opts: LintFlags, positionals: string[]): Promise<number> {
  const plan = reportPlan(opts);
  const settings = await settingsFrom(opts['no-config'] ? undefined : opts.config, !opts['no-config'], process.cwd(), {
    policyDirs: opts.policies,
    ...(opts['chart-version'] ? { chartVersion: opts['chart-version'] } : {}),
    ...(opts.chart ? { chart: opts.chart } : {}),
    ...(opts['release-name'] ? { releaseName: opts['release-name'] } : {}),
    ...(opts.namespace ? { namespace: opts.namespace } : {}),
  });
  if (opts['print-config']) {
    writeOut(JSON.stringify(settings.effective, null, 2) + '\n');
    return 0;
  }

  const inputErrors: string[] = [];
  const result = await run({
    files: positionals,
    values: opts.values,
    sets: [...opts.set.map((expr) => ({ expr, asString: false })), ...opts['set-string'].map((expr) => ({ expr, asString: true }))],
    ...settings.runOptions,
    reportUnusedSuppressions: opts['report-unused-disable'] === true,
    onInputError: (error) => inputErrors.push(error.message),
  });
  for (const message of inputErrors) writeErr(`dd-lint: ${oneLine(message)}\n`);
  if (result.read.files === 0 && inputErrors.length === 0 && !result.ignoredInputs) {
    const skipped = result.read.skipped.length;
    throw new InputError(`nothing to lint in ${positionals.join(' ')}: no Datadog values, Datadog wrapper or Kubernetes manifest among its YAML and JSON files${skipped ? ` (${skipped} skipped: ${result.read.skipped.map((s) => s.file).join(', ')})` : ''}`);
  }
  for (const note of new Set(result.notes)) writeErr(`dd-lint: note: ${oneLine(note)}\n`);
  const code = await writeReport(plan, result.findings, { policies: result.policies, sources: result.sources, read: result.read }, 'dd-lint');
  return inputErrors.length > 0 ? 2 : code;
}
