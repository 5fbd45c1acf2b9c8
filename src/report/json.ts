/**
 * Machine-readable report, shape documented by schemas/report.schema.json (version 1).
 * Every key is always present (null when it does not apply), findings are sorted like stylish,
 * files are relative to the working directory, and `--set` values that look secret are masked.
 * Suppressed findings are kept, with `suppression: { kind, justification }` (null when none), and
 * are not counted in `summary`, which counts what stylish prints.
 * Adding a key is compatible; renaming or removing one bumps `version`.
 */
import type { Finding, RelatedLocation, Suppressed } from '../model/finding.js';
import type { Location } from '../model/location.js';
import type { InputsRead, ReportContext, Reporter } from './types.js';
import { countBySeverity, displayFile, inFile, sortFindings, type Counts } from './common.js';

export interface JsonLocation {
  file: string;
  /** False when `file` is not a path: a `--set` argument, or a placeholder such as `<values>`. */
  inFile: boolean;
  line: number;
  column: number;
  endLine: number | null;
  endColumn: number | null;
}

export interface JsonFinding {
  ruleId: string;
  severity: Finding['severity'];
  title: string;
  message: string;
  location: JsonLocation & { fromDefault: boolean; valuesPath: string | null };
  object: { kind: string; namespace: string; name: string } | null;
  container: string | null;
  related: (JsonLocation & { message: string })[];
  why: string;
  fix: string;
  helpUri: string | null;
  suppression: { kind: Suppressed['kind']; justification: string | null } | null;
}

export interface JsonReport {
  version: 1;
  tool: { name: 'dd-lint'; version: string };
  findings: JsonFinding[];
  summary: Counts;
  /** Absent where there are no files (the webhook). */
  read?: InputsRead;
}

function location(loc: Location, cwd: string): JsonLocation {
  return {
    file: displayFile(loc, cwd),
    inFile: inFile(loc),
    line: loc.line,
    column: loc.column,
    endLine: loc.endLine ?? null,
    endColumn: loc.endColumn ?? null,
  };
}

function related(r: RelatedLocation, cwd: string): JsonLocation & { message: string } {
  return { ...location(r, cwd), message: r.message };
}

export function toJsonReport(findings: Finding[], ctx: ReportContext): JsonReport {
  return {
    version: 1,
    tool: { name: 'dd-lint', version: ctx.toolVersion },
    findings: sortFindings(findings, ctx.cwd).map((f) => ({
      ruleId: f.ruleId,
      severity: f.severity,
      title: f.title,
      message: f.message,
      location: {
        ...location(f.location, ctx.cwd),
        fromDefault: f.location.fromDefault === true,
        valuesPath: f.location.valuesPath ?? null,
      },
      object: f.object ? { kind: f.object.kind, namespace: f.object.namespace, name: f.object.name } : null,
      container: f.container ?? null,
      related: f.related.map((r) => related(r, ctx.cwd)),
      why: f.why,
      fix: f.fix,
      helpUri: f.helpUri ?? null,
      suppression: f.suppression ? { kind: f.suppression.kind, justification: f.suppression.justification ?? null } : null,
    })),
    summary: countBySeverity(findings),
    ...(ctx.read ? { read: { ...ctx.read, skipped: ctx.read.skipped.map((s) => ({ file: displayFile({ file: s.file }, ctx.cwd), reason: s.reason })) } } : {}),
  };
}

export const json: Reporter = (findings, ctx) => JSON.stringify(toJsonReport(findings, ctx), null, 2) + '\n';
