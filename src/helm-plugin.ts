#!/usr/bin/env node
/**
 * `helm dd-lint CHART [-f values.yaml] [--set k=v] [--set-string k=v] [-n NS] [--release-name NAME]
 * [--version V] [report flags]`: renders CHART with the calling helm (`$HELM_BIN template`), then
 * lints the user's values and the rendering together, as one input set. A finding seen in both is
 * reported once, at the values line the user wrote. --version picks the chart version (helm's flag)
 * and the defaults modelled; --config and the report flags (--format, -o, --severity,
 * --max-warnings, --color/--no-color) are the CLI's. Exit codes as dd-lint's.
 */
import module from 'node:module';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { REPORT_OPTIONS } from './report/flags.js';

(module as { enableCompileCache?: () => unknown }).enableCompileCache?.();

const USAGE =
  'Usage: helm dd-lint CHART [-f values.yaml]... [--set k=v]... [--set-string k=v]... [-n NS] [--release-name NAME] [--version V] [--config FILE] [--format stylish|json|sarif|junit|github|gitlab|policyreport] [-o FILE] [--severity error|warning|info] [--max-warnings N] [--no-color]';

async function main(argv: string[]): Promise<number> {
  const { values: opts, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      values: { type: 'string', short: 'f', multiple: true, default: [] },
      set: { type: 'string', multiple: true, default: [] },
      'set-string': { type: 'string', multiple: true, default: [] },
      namespace: { type: 'string', short: 'n', default: 'datadog' },
      'release-name': { type: 'string', default: 'datadog' },
      version: { type: 'string' },
      config: { type: 'string' },
      ...REPORT_OPTIONS,
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (opts.help) {
    process.stdout.write(USAGE + '\n');
    return 0;
  }
  const { InputError } = await import('./load/input-error.js');
  const chart = positionals[0];
  if (!chart || positionals.length > 1) throw new InputError(USAGE);
  const { reportPlan, writeReport } = await import('./report/output.js');
  const plan = reportPlan(opts);
  const local = existsSync(chart);
  // .dd-lint.yaml is read as the CLI reads it (--config, else found upward from the working directory), before anything is rendered.
  const { settingsFrom } = await import('./config/settings.js');
  const settings = await settingsFrom(opts.config, true, process.cwd(), {
    policyDirs: [],
    releaseName: opts['release-name'],
    namespace: opts.namespace,
    ...(local ? { chart } : opts.version ? { chartVersion: opts.version } : {}),
  });

  const helm = process.env.HELM_BIN || 'helm';
  const flag = (name: string, list: string[]) => list.flatMap((v) => [name, v]);
  const args = [
    'template',
    opts['release-name'],
    chart,
    '--namespace',
    opts.namespace,
    ...(opts.version ? ['--version', opts.version] : []),
    ...flag('-f', opts.values),
    ...flag('--set', opts.set),
    ...flag('--set-string', opts['set-string']),
  ];
  const rendered = spawnSync(helm, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (rendered.error) throw new InputError(`cannot run ${helm}: ${rendered.error.message}`);
  if (rendered.status !== 0) throw new InputError(`helm template ${chart} failed: ${(rendered.stderr.trim().split('\n').pop() ?? '').slice(0, 500)}`);

  const { readInputs } = await import('./load/inputs.js');
  const { lintTexts } = await import('./engine/run.js');
  const renderingName = `helm template ${chart}`;
  const sets = [...opts.set.map((expr) => ({ expr, asString: false })), ...opts['set-string'].map((expr) => ({ expr, asString: true }))];
  const result = await lintTexts([{ file: renderingName, text: rendered.stdout }], readInputs(opts.values), { ...settings.runOptions, sets });
  // The values model and the rendering describe the same objects: keep one of each finding, the values one.
  const fromValues = new Set(result.findings.filter((f) => f.location.file !== renderingName).map((f) => `${f.ruleId}\n${f.message}`));
  const findings = result.findings.filter((f) => f.location.file !== renderingName || !fromValues.has(`${f.ruleId}\n${f.message}`));
  // No summary of what was read: the inputs are the user's values and a rendering, not files of a tree.
  return writeReport(plan, findings, { policies: result.policies, sources: result.sources }, 'helm dd-lint');
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (err: Error & { code?: string }) => {
    if (process.env.DD_LINT_DEBUG) console.error(err);
    const message = err?.name === 'InputError' || err?.code?.startsWith('ERR_PARSE_ARGS') ? err.message.split('\n')[0] : `internal error: ${String(err?.message ?? err).split('\n')[0]}`;
    process.stderr.write(`helm dd-lint: ${message}\n`);
    process.exitCode = 2;
  },
);
