import type { Finding } from '../model/finding.js';
import type { Policy } from '../policy/types.js';

/** A file found by walking that dd-lint did not lint, and why. */
export interface SkippedInput {
  file: string;
  reason: string;
}

/** What a run read: the files it linted, the Helm releases in them, the files it skipped. */
export interface InputsRead {
  files: number;
  releases: number;
  skipped: SkippedInput[];
}

export interface ReportContext {
  /** Locations are printed relative to this directory. */
  cwd: string;
  /** Every active policy (SARIF lists them all as rules, not only the ones that fired). */
  policies: Policy[];
  toolVersion: string;
  /** The texts of the linted files, by the same `file` string the findings use (for code frames). */
  sources: Map<string, string>;
  /** Colour for terminals (stylish only). */
  color: boolean;
  /** What the run read (absent where there are no files: the webhook). */
  read?: InputsRead;
}

export type Reporter = (findings: Finding[], context: ReportContext) => string;
