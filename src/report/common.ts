/**
 * What every reporter shares: how a location's file is shown, the order of findings, the counts,
 * which findings are suppressed.
 */
import path from 'node:path';
import type { Finding, Severity } from '../model/finding.js';
import type { Location } from '../model/location.js';
import { STDIN } from '../load/inputs.js';
import { redactSetArgument } from '../secrets/redact.js';

/** What reporters need to know of a location to name it. */
export type Named = Pick<Location, 'file' | 'source'>;

/**
 * Whether a location is in a file the user can open (by its kind: not a `--set` argument, not an
 * object located by path), which is not stdin.
 */
export function inFile(loc: Named): boolean {
  return (loc.source ?? 'file') === 'file' && loc.file !== STDIN;
}

/**
 * A file relative to `cwd` with forward slashes; anything else as named, a `--set` argument with
 * its secrets masked (load/values.ts masks them where it makes the origin; this is the last guard
 * before output).
 */
export function displayFile(loc: Named, cwd: string): string {
  if (loc.source === 'set') return redactSetArgument(loc.file);
  if (!inFile(loc)) return loc.file;
  const relative = path.relative(cwd, path.resolve(cwd, loc.file));
  return (relative === '' ? path.basename(loc.file) : relative).split(path.sep).join('/');
}

/** Where a location outside a file is, for the formats that tell it in words (`set on the command line: --set a=b`). */
export function outsideFileNote(loc: Named, cwd: string): string {
  return loc.source === 'set' ? `set on the command line: ${displayFile(loc, cwd)}` : `in ${displayFile(loc, cwd)}`;
}

const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0; // code-point order: the same on every machine and locale
}

/** Files first (then non-file origins such as `--set`), by path, line, column, then severity, rule id, message. */
export function sortFindings(findings: readonly Finding[], cwd: string): Finding[] {
  const keyed = findings.map((finding) => ({
    finding,
    nonFile: inFile(finding.location) ? 0 : 1,
    file: displayFile(finding.location, cwd),
  }));
  keyed.sort(
    (a, b) =>
      a.nonFile - b.nonFile ||
      compareStrings(a.file, b.file) ||
      a.finding.location.line - b.finding.location.line ||
      a.finding.location.column - b.finding.location.column ||
      SEVERITY_RANK[a.finding.severity] - SEVERITY_RANK[b.finding.severity] ||
      compareStrings(a.finding.ruleId, b.finding.ruleId) ||
      compareStrings(a.finding.message, b.finding.message),
  );
  return keyed.map((k) => k.finding);
}

export interface Counts {
  errors: number;
  warnings: number;
  infos: number;
}

/** Findings a suppression covers are kept by json and sarif only; the other formats drop them. */
export function unsuppressed(findings: readonly Finding[]): Finding[] {
  return findings.filter((f) => f.suppression === undefined);
}

/** Counts by severity of the findings that are not suppressed (suppressed ones never count). */
export function countBySeverity(findings: readonly Finding[]): Counts {
  const counts: Counts = { errors: 0, warnings: 0, infos: 0 };
  for (const f of findings) {
    if (f.suppression !== undefined) continue;
    if (f.severity === 'error') counts.errors++;
    else if (f.severity === 'warning') counts.warnings++;
    else counts.infos++;
  }
  return counts;
}

/** The first paragraph of a policy text (up to the first blank line), on one line. */
export function firstParagraph(text: string): string {
  return (text.trim().split(/\n[ \t]*\n/)[0] ?? '').replace(/\s+/g, ' ').trim();
}

/**
 * The file that findings about non-file origins (a `--set` argument, stdin) are placed in by the
 * formats that need a file (SARIF, GitLab): the first linted file, else the first file any finding
 * points at; undefined when there is none.
 */
export function anchorFile(findings: readonly Finding[], sources: ReadonlyMap<string, string>): string | undefined {
  return (
    [...sources.keys()].find((file) => inFile({ file })) ??
    findings.flatMap((f) => [f.location, ...f.related]).find(inFile)?.file
  );
}

/**
 * What a finding's message leaves unsaid about where it points, for formats with no separate place
 * for it: that the value is a chart default, or where it is when not in a file (a `--set` argument
 * with its secrets masked, stdin, an object).
 */
export function originNotes(f: Finding, cwd: string): string {
  let notes = '';
  if (f.location.fromDefault) {
    notes += f.location.valuesPath
      ? ` (chart default: ${f.location.valuesPath} is not set in your values; pointing at the nearest key you wrote)`
      : ' (chart default: not set in your values; pointing at the nearest key you wrote)';
  }
  if (!inFile(f.location)) notes += ` (${outsideFileNote(f.location, cwd)})`;
  return notes;
}
