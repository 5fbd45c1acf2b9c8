/**
 * The report flags of `dd-lint` and `helm dd-lint` as node:util parseArgs options. Nothing but types
 * is imported here: the CLI parses its arguments before it loads anything else.
 */
import type { ParseArgsConfig } from 'node:util';

export const REPORT_OPTIONS = {
  format: { type: 'string', multiple: true, default: [] as string[] },
  output: { type: 'string', short: 'o' },
  severity: { type: 'string', default: 'info' },
  'max-warnings': { type: 'string' },
  color: { type: 'boolean' },
  'no-color': { type: 'boolean' },
} satisfies ParseArgsConfig['options'];

export interface ReportFlags {
  format: string[];
  output?: string | undefined;
  severity: string;
  'max-warnings'?: string | undefined;
  color?: boolean | undefined;
  'no-color'?: boolean | undefined;
}
