/* Generated from schemas/report.schema.json by `npm run gen:types`. Do not edit. */

/**
 * Output of `dd-lint --format json`. Version 1. Every key is always present (null when it does not apply). Findings are sorted by file (files before non-file origins), line, column, then severity, rule id, message. Adding a key is a compatible change; renaming or removing one bumps `version`.
 */
export interface DdLintJSONReport {
  /**
   * Version of this report shape.
   */
  version: 1;
  tool: {
    name: 'dd-lint';
    /**
     * dd-lint's version.
     */
    version: string;
  };
  findings: Finding[];
  /**
   * How many findings of each severity, suppressed findings not counted (their sum is the number of findings whose `suppression` is null).
   */
  summary: {
    errors: number;
    warnings: number;
    infos: number;
  };
  /**
   * What the run read: files linted, Helm releases in them, and files found by walking that it skipped (none of Datadog's), with why.
   */
  read?: {
    files: number;
    releases: number;
    skipped: {
      file: string;
      reason: string;
    }[];
  };
}
export interface Finding {
  /**
   * The policy id (policies/<id>.yaml).
   */
  ruleId: string;
  severity: 'error' | 'warning' | 'info';
  /**
   * The policy's title.
   */
  title: string;
  /**
   * One line about this occurrence; never contains a secret value.
   */
  message: string;
  /**
   * Where to look. When `fromDefault` is true the user never wrote the value: the location is the nearest key they did write (or line 1) and `valuesPath` names the value.
   */
  location: Location & {
    file: unknown;
    inFile: unknown;
    line: unknown;
    column: unknown;
    endLine: unknown;
    endColumn: unknown;
    /**
     * True when the value is the chart's default, not something the user wrote.
     */
    fromDefault: boolean;
    /**
     * The Helm values path (`datadog.apm.portEnabled`) when the fact comes from values.
     */
    valuesPath: string | null;
  };
  /**
   * The Kubernetes object the finding applies to.
   */
  object: {
    kind: string;
    namespace: string;
    name: string;
  } | null;
  /**
   * The container in `object` the finding applies to.
   */
  container: string | null;
  /**
   * Other places involved (the other object of a cross-object finding).
   */
  related: (Location & {
    file: unknown;
    inFile: unknown;
    line: unknown;
    column: unknown;
    endLine: unknown;
    endColumn: unknown;
    message: string;
  })[];
  /**
   * Why this configuration breaks (the policy's text).
   */
  why: string;
  /**
   * How to fix it (the policy's text).
   */
  fix: string;
  /**
   * Documentation for the policy, when known.
   */
  helpUri: string | null;
  /**
   * Set when a suppression covers the finding: it is then not counted in `summary`, does not fail the run, and is not printed by the stylish, github and junit formats. Null otherwise.
   */
  suppression: {
    /**
     * `comment`: a `# dd-lint-disable...` comment in the linted file; `annotation`: the object's `dd-lint.io/ignore` annotation.
     */
    kind: 'comment' | 'annotation';
    /**
     * The reason written after `--`, if any.
     */
    justification: string | null;
  } | null;
}
export interface Location {
  /**
   * Path relative to the working directory, with forward slashes. When `inFile` is false: the `--set`/`--set-string` argument the value came from (secret-looking values masked as `<redacted, N chars>`), or a placeholder such as `<values>`.
   */
  file?: string;
  /**
   * Whether `file` is a path to a file.
   */
  inFile?: boolean;
  /**
   * 1-based.
   */
  line?: number;
  /**
   * 1-based, in UTF-16 code units.
   */
  column?: number;
  endLine?: number | null;
  endColumn?: number | null;
  [k: string]: unknown;
}
