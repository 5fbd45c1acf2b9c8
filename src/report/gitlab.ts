/**
 * GitLab Code Quality report (`artifacts: reports: codequality:`): a JSON array of Code Climate
 * issues with exactly the fields GitLab reads, all of them required by its documentation:
 *
 *   [{ "description": "clusterAgent.token is 30 characters; the cluster agent needs at least 32",
 *      "check_name": "cluster-agent-token-length",
 *      "fingerprint": "3f1c0e9a5b7d2c48:1",
 *      "severity": "major",
 *      "location": { "path": "deploy/values.yaml", "lines": { "begin": 7 } } }]
 *
 * - description: the message, plus the chart-default and command-line notes the other formats add.
 * - check_name: the rule id.
 * - severity: error → major, warning → minor, info → info (as ESLint's GitLab formatter maps its
 *   levels, so dd-lint ranks alongside other linters in one pipeline's report); dd-lint has no
 *   level above error, so critical and blocker are not used.
 * - fingerprint: the SARIF fingerprint (fingerprint.ts): stable across runs and across unrelated
 *   edits that move lines, unique within the report (GitLab shows issues with one fingerprint as one).
 * - location.path: relative to the working directory with forward slashes (run dd-lint from the
 *   repository root, which is what GitLab resolves paths against). A non-file origin (a `--set`
 *   argument, stdin) has no file: the issue goes on line 1 of the first linted file (as in SARIF)
 *   and the description names the argument, secrets masked; with no file at all, the path is the
 *   argument itself.
 * - Suppressed findings are left out (GitLab has no notion of a waived issue). No findings: `[]`.
 *   Sorted like stylish.
 */
import type { Severity } from '../model/finding.js';
import type { Reporter } from './types.js';
import { anchorFile, displayFile, inFile, originNotes, sortFindings, unsuppressed } from './common.js';
import { fingerprints } from './fingerprint.js';

export type CodeQualitySeverity = 'info' | 'minor' | 'major' | 'critical' | 'blocker';

const SEVERITY: Record<Severity, CodeQualitySeverity> = { error: 'major', warning: 'minor', info: 'info' };

export interface CodeQualityIssue {
  description: string;
  check_name: string;
  fingerprint: string;
  severity: CodeQualitySeverity;
  location: { path: string; lines: { begin: number } };
}

export const gitlab: Reporter = (findings, ctx) => {
  const shown = sortFindings(unsuppressed(findings), ctx.cwd);
  const hashes = fingerprints(shown, ctx.cwd);
  const anchor = anchorFile(shown, ctx.sources);
  const issues = shown.map((f, i): CodeQualityIssue => {
    const located = inFile(f.location);
    const path = located || anchor === undefined ? displayFile(f.location, ctx.cwd) : displayFile({ file: anchor }, ctx.cwd);
    return {
      description: f.message + originNotes(f, ctx.cwd),
      check_name: f.ruleId,
      fingerprint: hashes[i]!,
      severity: SEVERITY[f.severity],
      location: { path, lines: { begin: located ? Math.max(1, f.location.line) : 1 } },
    };
  });
  return JSON.stringify(issues, null, 2) + '\n';
};
