/**
 * The report flags the CLI and the Helm plugin share (src/report/flags.ts): their checks, and
 * writing the report with the exit code they give.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { wantsColor } from '../color.js';
import { InputError } from '../load/input-error.js';
import { stdoutIsTerminal, writeErr, writeOut } from '../stdio.js';
import type { Finding } from '../model/finding.js';
import { toolVersion } from '../version.js';
import { reportFormat, reporters, type ReportFormat } from './index.js';
import type { ReportFlags } from './flags.js';
import type { ReportContext } from './types.js';

const SEVERITY_RANK = { error: 0, warning: 1, info: 2 } as const;

export interface ReportPlan {
  format: ReportFormat;
  threshold: number;
  maxWarnings: number | undefined;
  output: string | undefined;
  color: boolean | undefined;
}

/** The flags checked before any work is done (a usage error is exit 2 at once). */
export function reportPlan(flags: ReportFlags): ReportPlan {
  if (flags.format.length > 1) throw new InputError(`--format given ${flags.format.length} times (${flags.format.join(', ')}): give one format`);
  const format = reportFormat(flags.format[0] ?? 'stylish');
  if (!Object.hasOwn(SEVERITY_RANK, flags.severity)) throw new InputError(`--severity ${flags.severity}: use error, warning or info`);
  const maxWarnings = flags['max-warnings'] === undefined ? undefined : Number(flags['max-warnings']);
  if (maxWarnings !== undefined && !(Number.isInteger(maxWarnings) && maxWarnings >= 0)) throw new InputError(`--max-warnings ${flags['max-warnings']}: not a whole number`);
  return { format, threshold: SEVERITY_RANK[flags.severity as keyof typeof SEVERITY_RANK], maxWarnings, output: flags.output, color: flags['no-color'] ? false : flags.color };
}

/**
 * Writes the report of `findings` (those at or above --severity) to -o's file or stdout, says on
 * stderr (after `prefix`) when there are more warnings than allowed, and gives the exit code: 1 for
 * an unsuppressed error or too many warnings, else 0.
 */
export async function writeReport(plan: ReportPlan, all: Finding[], context: Omit<ReportContext, 'cwd' | 'toolVersion' | 'color'>, prefix: string): Promise<0 | 1> {
  const findings = all.filter((f) => SEVERITY_RANK[f.severity] <= plan.threshold);
  const reporter = await reporters[plan.format]();
  const color = wantsColor({ flag: plan.color, toFile: plan.output !== undefined, isTTY: stdoutIsTerminal, env: process.env });
  const report = reporter(findings, { ...context, cwd: process.cwd(), toolVersion: toolVersion(), color });
  if (plan.output) {
    try {
      mkdirSync(dirname(plan.output), { recursive: true });
      writeFileSync(plan.output, report);
    } catch (err) {
      throw new InputError(`--output ${plan.output}: ${(err as Error).message}`);
    }
  } else if (report) writeOut(report.endsWith('\n') ? report : report + '\n');
  const active = findings.filter((f) => !f.suppression);
  const warnings = active.filter((f) => f.severity === 'warning').length;
  const tooManyWarnings = plan.maxWarnings !== undefined && warnings > plan.maxWarnings;
  if (tooManyWarnings) writeErr(`${prefix}: ${warnings} warning${warnings === 1 ? '' : 's'}, more than the ${plan.maxWarnings} allowed\n`);
  return active.some((f) => f.severity === 'error') || tooManyWarnings ? 1 : 0;
}
