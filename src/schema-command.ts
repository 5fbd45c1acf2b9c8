/**
 * `dd-lint schema [--chart-version V]`: prints the JSON Schema of a bundled chart version's values
 * (src/chart/values-schema.ts), for editors (docs/editor-schema.md).
 */
import { parseArgs } from 'node:util';
import { InputError } from './load/input-error.js';
import { newestChartVersion, resolveChartVersion } from './chart/history.js';
import { valuesSchema } from './chart/values-schema.js';
import { writeOut } from './stdio.js';

export async function schemaCommand(argv: string[]): Promise<number> {
  const { values: opts, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { 'chart-version': { type: 'string' } } });
  if (positionals.length > 0) throw new InputError(`schema takes no inputs (got ${positionals[0]}); use --chart-version V`);
  const asked = opts['chart-version'];
  const version = asked === undefined ? newestChartVersion() : resolveChartVersion(asked)?.version;
  if (version === undefined) throw new InputError(`--chart-version ${asked}: no bundled chart version matches (bundled: 2.4.0 to ${newestChartVersion()})`);
  writeOut(JSON.stringify(await valuesSchema(version), null, 2) + '\n');
  return 0;
}
