/**
 * GitHub Actions workflow commands, one line per finding; the runner turns each into an annotation
 * on the pull request's diff and the run's summary:
 *
 *   ::error file=deploy/values.yaml,line=7,col=3,title=cluster-agent-token-length%3A Cluster agent token too short::clusterAgent.token is 30 characters; the cluster agent needs at least 32%0Afix: Set clusterAgent.token to a random string of 32 characters or more.
 *
 * - Level: error → `error`, warning → `warning`, info → `notice`.
 * - Properties: `file` relative to the working directory with forward slashes (run dd-lint from the
 *   repository root so GitHub maps it), `line`, `col`, `endLine` and `endColumn` when known, and
 *   `title` = `<rule id>: <policy title>`. A non-file origin (a `--set a=b` argument, stdin) has no
 *   file to point at: no file/line properties (the annotation goes on the run, not on a file) and
 *   the argument, secrets masked, is named in the message.
 * - Message: the finding's message with the notes SARIF adds (chart default, command line), then on
 *   lines of their own (escaped, so still one output line) `see <file>:<line>: <message>` for each
 *   related location and `fix: <first paragraph of the policy's fix>`: an annotation is read on
 *   the diff, where nothing else says what to do.
 * - Escaping exactly as the runner unescapes (actions/toolkit's command.ts): message `%` → %25,
 *   CR → %0D, LF → %0A; property values additionally `:` → %3A and `,` → %2C. So whatever a message
 *   or path holds, a line cannot end early, start a second command, or leak into another property.
 * - Suppressed findings are not printed. No findings: empty output. Sorted like stylish.
 * - GitHub shows at most 10 annotations of each level per step and 50 per job; beyond that the
 *   lines stay in the log only. For large reports use `--format sarif` with code scanning.
 */
import type { Finding, Severity } from '../model/finding.js';
import type { ReportContext, Reporter } from './types.js';
import { displayFile, firstParagraph, inFile, originNotes, sortFindings, unsuppressed } from './common.js';

export type WorkflowCommand = 'error' | 'warning' | 'notice';

const COMMAND: Record<Severity, WorkflowCommand> = { error: 'error', warning: 'warning', info: 'notice' };

/** A workflow command's message (after `::`). */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A workflow command's property value (between `=` and the next `,` or `::`). */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** `::name key=value,key=value::message`, with everything escaped. */
export function workflowCommand(name: WorkflowCommand, properties: Record<string, string | number | undefined>, message: string): string {
  const props = Object.entries(properties)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(([key, value]) => `${key}=${escapeProperty(String(value))}`)
    .join(',');
  return `::${name}${props ? ' ' + props : ''}::${escapeData(message)}`;
}

function message(f: Finding, cwd: string): string {
  const lines = [f.message + originNotes(f, cwd)];
  for (const r of f.related) {
    lines.push(`see ${inFile(r) ? `${displayFile(r, cwd)}:${r.line}` : displayFile(r, cwd)}: ${r.message}`);
  }
  const fix = firstParagraph(f.fix);
  if (fix) lines.push(`fix: ${fix}`);
  return lines.join('\n');
}

function line(f: Finding, ctx: ReportContext): string {
  const { location: loc } = f;
  const located = inFile(loc);
  const positive = (n: number | undefined) => (n !== undefined && n >= 1 ? n : undefined);
  return workflowCommand(
    COMMAND[f.severity],
    {
      file: located ? displayFile(loc, ctx.cwd) : undefined,
      line: located ? Math.max(1, loc.line) : undefined,
      col: located ? Math.max(1, loc.column) : undefined,
      endLine: located ? positive(loc.endLine) : undefined,
      endColumn: located ? positive(loc.endColumn) : undefined,
      // The runner trims the properties, so a title's trailing space would be lost anyway.
      title: (f.title ? `${f.ruleId}: ${f.title}` : f.ruleId).trimEnd(),
    },
    message(f, ctx.cwd),
  );
}

export const github: Reporter = (findings, ctx) => {
  const shown = sortFindings(unsuppressed(findings), ctx.cwd);
  return shown.map((f) => line(f, ctx) + '\n').join('');
};
