#!/usr/bin/env node
/**
 * dd-lint [options] <files|dirs|->...
 * Exit codes: 0 no error findings (and warnings within --max-warnings), 1 otherwise, 2 usage or
 * input problem. An input that cannot be read is one line on stderr and the others are still linted
 * and reported (exit 2). Start-up stays lean: everything beyond argument parsing is imported on demand.
 */
import { parseArgs } from 'node:util';
import { oneLine } from './load/input-error.js';
import { REPORT_OPTIONS } from './report/flags.js';
import { writeErr, writeOut } from './stdio.js';

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

async function main(argv: string[]): Promise<number> {
  if (argv[0] === 'schema') return (await import('./schema-command.js')).schemaCommand(argv.slice(1));
  const { values: opts, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      values: { type: 'string', short: 'f', multiple: true, default: [] },
      set: { type: 'string', multiple: true, default: [] },
      'set-string': { type: 'string', multiple: true, default: [] },
      ...REPORT_OPTIONS,
      config: { type: 'string' },
      'no-config': { type: 'boolean' },
      'print-config': { type: 'boolean' },
      policies: { type: 'string', multiple: true, default: [] },
      'report-unused-disable': { type: 'boolean' },
      'chart-version': { type: 'string' },
      chart: { type: 'string' },
      'release-name': { type: 'string' },
      namespace: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
      version: { type: 'boolean', short: 'v' },
    },
  });
  if (opts.help) {
    writeOut(HELP + '\n');
    return 0;
  }
  if (opts.version) {
    writeOut((await import('./version.js')).toolVersion() + '\n');
    return 0;
  }
  return (await import('./lint-command.js')).lintCommand(opts, positionals);
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
  if (error?.name === 'InputError') writeErr(`dd-lint: ${oneLine(error.message)}\n`);
  else if (error?.code?.startsWith('ERR_PARSE_ARGS')) writeErr(`dd-lint: ${argumentProblem(error)} (see dd-lint --help)\n`);
  else writeErr(`dd-lint: internal error: ${String(error?.message ?? err).split('\n')[0]}\n`);
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (err) => (process.exitCode = fail(err)),
);
