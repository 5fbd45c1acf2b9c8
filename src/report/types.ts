import type { Finding } from '../model/finding.js';
import type { Policy } from '../policy/types.js';

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
}

export type Reporter = (findings: Finding[], context: ReportContext) => string;
