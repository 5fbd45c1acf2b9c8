#!/usr/bin/env node
/**
 * dd-lint [options] <files|dirs|->...
 * Exit codes: 0 no error findings (and warnings within --max-warnings), 1 otherwise, 2 usage or
 * input problem. An input that cannot be read is one line on stderr and the others are still linted
 * and reported (exit 2). Start-up stays lean: everything beyond argument parsing is imported on demand.
 */
import { parseArgs } from 'node:util';

const HELP = `Usage: dd-lint [options] <files|dirs|->...

Lint Datadog Helm chart values and Kubernetes manifests (files, directories, - for stdin),
all as one picture of a cluster. -f files merge into one Helm release.

Options:
  -f, --values FILE         values file merged into one release, in order (repeatable)
      --set K=V             Helm --set syntax, applied after the values files (repeatable)
      --set-string K=V      Helm --set-string, applied after --set (repeatable)
      --format NAME         stylish (default), json, sarif, junit, github, gitlab or policyreport
  -o, --output FILE         write the report to FILE instead of stdout (creating its folder)
      --severity LEVEL      report only findings at or above: error, warning or info (default)
      --max-warnings N      exit 1 when there are more than N warnings (and say so on stderr)
      --config FILE         config file (default: .dd-lint.yaml found upward from here)
      --no-config           ignore any config file
      --print-config        print the effective configuration and exit
      --policies DIR        custom JSON-Schema policies (repeatable)
      --report-unused-disable  report dd-lint-disable comments that suppress nothing
      --chart-version V     bundled chart defaults to model (3.240.0 default, any 2.4.0 to 3.240.0)
      --chart DIR|TGZ       read chart defaults from this chart instead
      --release-name NAME   Helm release name the objects are named after (default datadog)
      --namespace NS        namespace of the release (default datadog)
      --color / --no-color  force colours on or off (default: on a terminal; honours NO_COLOR, FORCE_COLOR, TERM=dumb)
  -h, --help                show this help
  -v, --version             print the version

Commands:
  dd-lint schema [--chart-version V]  print a JSON Schema of the chart version's values (for editors)

Exit codes: 0 no errors, 1 errors found (or too many warnings), 2 usage or input problem.
An input that cannot be read (missing, unreadable, bad YAML, over a size or nesting limit) is
reported on stderr, one line each; the other inputs are still linted and reported, and the exit
code is 2.`;

const SEVERITY_RANK = { error: 0, warning: 1, info: 2 } as const;
type Level = keyof typeof SEVERITY_RANK;

async function main(argv: string[]): Promise<number> {
  if (argv[0] === 'schema') return (await import('./schema-command.js')).schemaCommand(argv.slice(1));
  const { values: opts, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      values: { type: 'string', short: 'f', multiple: true, default: [] },
      set: { type: 'string', multiple: true, default: [] },
      'set-string': { type: 'string', multiple: true, default: [] },
      format: { type: 'string', multiple: true, default: [] },
      output: { type: 'string', short: 'o' },
      severity: { type: 'string', default: 'info' },
      'max-warnings': { type: 'string' },
      config: { type: 'string' },
      'no-config': { type: 'boolean' },
      'print-config': { type: 'boolean' },
      policies: { type: 'string', multiple: true, default: [] },
      'report-unused-disable': { type: 'boolean' },
      'chart-version': { type: 'string' },
      chart: { type: 'string' },
      'release-name': { type: 'string' },
      namespace: { type: 'string' },
      color: { type: 'boolean' },
      'no-color': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
      version: { type: 'boolean', short: 'v' },
    },
  });
  if (opts.help) {
    process.stdout.write(HELP + '\n');
    return 0;
  }
  const { toolVersion } = await import('./version.js');
  if (opts.version) {
    process.stdout.write(toolVersion() + '\n');
    return 0;
  }
  const { InputError } = await import('./load/input-error.js');
  const { reporters, reportFormat } = await import('./report/index.js');
  if (opts.format.length > 1) throw new InputError(`--format given ${opts.format.length} times (${opts.format.join(', ')}): give one format`);
  const format = reportFormat(opts.format[0] ?? 'stylish');
  if (!(opts.severity in SEVERITY_RANK)) throw new InputError(`--severity ${opts.severity}: use error, warning or info`);
  const maxWarnings = opts['max-warnings'] === undefined ? undefined : Number(opts['max-warnings']);
  if (maxWarnings !== undefined && !(Number.isInteger(maxWarnings) && maxWarnings >= 0)) throw new InputError(`--max-warnings ${opts['max-warnings']}: not a whole number`);

  const { settingsFrom } = await import('./config/settings.js');
  const settings = await settingsFrom(opts['no-config'] ? undefined : opts.config, !opts['no-config'], process.cwd(), {
    policyDirs: opts.policies,
    ...(opts['chart-version'] ? { chartVersion: opts['chart-version'] } : {}),
    ...(opts.chart ? { chart: opts.chart } : {}),
    ...(opts['release-name'] ? { releaseName: opts['release-name'] } : {}),
    ...(opts.namespace ? { namespace: opts.namespace } : {}),
  });
  if (opts['print-config']) {
    process.stdout.write(JSON.stringify(settings.effective, null, 2) + '\n');
    return 0;
  }

  const { run } = await import('./engine/run.js');
  const inputErrors: string[] = [];
  const result = await run({
    files: positionals,
    values: opts.values,
    sets: [...opts.set.map((expr) => ({ expr, asString: false })), ...opts['set-string'].map((expr) => ({ expr, asString: true }))],
    ...settings.runOptions,
    reportUnusedSuppressions: opts['report-unused-disable'] === true,
    onInputError: (error) => inputErrors.push(error.message),
  });
  for (const message of inputErrors) process.stderr.write(`dd-lint: ${oneLine(message)}\n`);
  if (result.read.files === 0 && inputErrors.length === 0 && !result.ignoredInputs) {
    const skipped = result.read.skipped.length;
    throw new InputError(`nothing to lint in ${positionals.join(' ')}: no Datadog values, Datadog wrapper or Kubernetes manifest among its YAML and JSON files${skipped ? ` (${skipped} skipped: ${result.read.skipped.map((s) => s.file).join(', ')})` : ''}`);
  }
  for (const note of new Set(result.notes)) process.stderr.write(`dd-lint: note: ${oneLine(note)}\n`);
  const threshold = SEVERITY_RANK[opts.severity as Level];
  const findings = result.findings.filter((f) => SEVERITY_RANK[f.severity] <= threshold);
  const reporter = await reporters[format]();
  const { wantsColor } = await import('./color.js');
  const color = wantsColor({ flag: opts['no-color'] ? false : opts.color, toFile: opts.output !== undefined, isTTY: process.stdout.isTTY === true, env: process.env });
  const report = reporter(findings, { cwd: process.cwd(), policies: result.policies, toolVersion: toolVersion(), sources: result.sources, color, read: result.read });
  if (opts.output) {
    const { mkdirSync, writeFileSync } = await import('node:fs');
    const { dirname } = await import('node:path');
    try {
      mkdirSync(dirname(opts.output), { recursive: true });
      writeFileSync(opts.output, report);
    } catch (err) {
      throw new InputError(`--output ${opts.output}: ${(err as Error).message}`);
    }
  } else if (report) process.stdout.write(report.endsWith('\n') ? report : report + '\n');
  const active = findings.filter((f) => !f.suppression);
  const warnings = active.filter((f) => f.severity === 'warning').length;
  const tooManyWarnings = maxWarnings !== undefined && warnings > maxWarnings;
  if (tooManyWarnings) process.stderr.write(`dd-lint: ${warnings} warning${warnings === 1 ? '' : 's'}, more than the ${maxWarnings} allowed\n`);
  if (inputErrors.length > 0) return 2;
  return active.some((f) => f.severity === 'error') || tooManyWarnings ? 1 : 0;
}

/** A message as one line: an input's own text (a file name, a YAML excerpt) may hold line breaks. */
function oneLine(message: string): string {
  return message.replace(/\r?\n|\r/g, ' ');
}

/**
 * A parseArgs error in our words. Node's message for an unknown option runs on about quoting
 * positionals; only the option's name is kept (never a value given with `=`, which may be a secret).
 */
function argumentProblem(error: Error & { code?: string }): string {
  const unknown = /^Unknown option '([^'=]*)/.exec(error.message);
  if (error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && unknown) return `unknown option ${unknown[1]}`;
  const missing = /^Option '(?:-\w, )?(--?[\w-]+)(?: <value>)?' argument missing/.exec(error.message);
  if (missing) return `${missing[1]} needs a value`;
  return error.message.split('\n')[0]!;
}

/** One line on stderr, never a stack trace (set DD_LINT_DEBUG=1 to see one). */
function fail(err: unknown): number {
  const error = err as Error & { code?: string };
  if (process.env.DD_LINT_DEBUG) console.error(error);
  if (error?.name === 'InputError') process.stderr.write(`dd-lint: ${oneLine(error.message)}\n`);
  else if (error?.code?.startsWith('ERR_PARSE_ARGS')) process.stderr.write(`dd-lint: ${argumentProblem(error)} (see dd-lint --help)\n`);
  else process.stderr.write(`dd-lint: internal error: ${String(error?.message ?? err).split('\n')[0]}\n`);
  return 2;
}

// A reader that stops early (`dd-lint schema | head`) closes the pipe: that is no error of ours, and
// never a stack trace.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code !== 'EPIPE') throw err;
  process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
});

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (err) => (process.exitCode = fail(err)),
);
