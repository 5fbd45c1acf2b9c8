/**
 * Inline suppressions in a linted file's comments:
 *   # dd-lint-disable-next-line <id>[, <id>] [-- reason]   the next line
 *   # dd-lint-disable <id>[, <id>] [-- reason]             the whole file (no id: every policy)
 */
import { parseIgnoreSpec, type IgnoreSpec } from '../model/ignore-spec.js';

/** `ids` empty: every policy. */
export interface Suppression extends IgnoreSpec {
  /** The line it applies to; undefined for the whole file. */
  line?: number;
  /** The line of the comment itself. */
  commentLine: number;
}

const DIRECTIVE = /#\s*dd-lint-(disable-next-line|disable)(?:\s+([^\n]*?))?\s*$/;

export function parseSuppressions(text: string): Suppression[] {
  if (!text.includes('dd-lint-')) return []; // most files: not split into lines for nothing
  const out: Suppression[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((line, index) => {
    const match = DIRECTIVE.exec(line);
    if (!match) return;
    out.push({ ...parseIgnoreSpec(match[2] ?? ''), commentLine: index + 1, ...(match[1] === 'disable-next-line' ? { line: index + 2 } : {}) });
  });
  return out;
}

/** The suppression covering a finding of `ruleId` at `line`, if any. */
export function suppressionFor(suppressions: Suppression[], ruleId: string, line: number): Suppression | undefined {
  return suppressions.find((s) => (s.line === undefined || s.line === line) && (s.ids.length === 0 || s.ids.includes(ruleId)));
}
