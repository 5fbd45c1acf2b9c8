/**
 * Output formats by name. Each loader imports only its own module, so the CLI loads just the
 * format it prints.
 */
import type { Reporter } from './types.js';
import { InputError } from '../load/input-error.js';

export const reporters = {
  stylish: () => import('./stylish.js').then((m) => m.stylish),
  json: () => import('./json.js').then((m) => m.json),
  sarif: () => import('./sarif.js').then((m) => m.sarif),
  junit: () => import('./junit.js').then((m) => m.junit),
  github: () => import('./github.js').then((m) => m.github),
  gitlab: () => import('./gitlab.js').then((m) => m.gitlab),
  policyreport: () => import('./policyreport.js').then((m) => m.policyreport),
} satisfies Record<string, () => Promise<Reporter>>;

export type ReportFormat = keyof typeof reporters;

export const reportFormats = Object.keys(reporters) as ReportFormat[];

/** True for a known format name (own keys only: `toString` or `__proto__` are not formats). */
export function isReportFormat(name: string): name is ReportFormat {
  return Object.hasOwn(reporters, name);
}

/** The format a `--format` argument names, or an InputError listing the known ones. */
export function reportFormat(name: string): ReportFormat {
  if (!isReportFormat(name)) throw new InputError(`--format ${name}: unknown format (use ${reportFormats.join(', ')})`);
  return name;
}
