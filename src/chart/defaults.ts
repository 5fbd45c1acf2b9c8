/**
 * The Datadog chart defaults the model starts from: a bundled version (src/chart/history.ts, read
 * on first use) or another chart's values.yaml from `--chart DIR|TGZ`.
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../load/input-error.js';
import { parseHelmYaml } from '../load/helm-yaml.js';
import { isObject } from '../json.js';
import { chartDefaults, newestChartVersion, type ChartDefaults } from './history.js';

export type { ChartDefaults } from './history.js';

/** The newest bundled datadog chart version: what a run starts from unless told otherwise. */
export const DEFAULT_CHART_VERSION = newestChartVersion();

/** A bundled chart version's defaults (every published version from 2.4.0 on, see docs/chart-data.md). */
export async function bundledDefaults(version: string = DEFAULT_CHART_VERSION): Promise<ChartDefaults> {
  return chartDefaults(version);
}

/** Defaults from a chart directory or a packaged chart (.tgz), as `helm template` would use them. */
export async function chartDefaultsFrom(chart: string): Promise<ChartDefaults> {
  let stat;
  try {
    stat = statSync(chart);
  } catch {
    throw new InputError(`--chart ${chart}: no such file or directory`);
  }
  const files = stat.isDirectory() ? readChartDir(chart) : await readChartArchive(chart);
  const chartYaml = parseHelmYaml(files.chartYamlName, files.chartYaml).value;
  const version = isObject(chartYaml) && typeof chartYaml.version === 'string' ? chartYaml.version : 'unknown';
  const values = files.values === undefined ? {} : parseHelmYaml(files.valuesName, files.values).value;
  return { version, values: isObject(values) ? values : {} };
}

interface ChartFiles {
  chartYamlName: string;
  chartYaml: string;
  valuesName: string;
  values: string | undefined;
}

function readChartDir(dir: string): ChartFiles {
  const read = (name: string) => {
    try {
      return readFileSync(join(dir, name), 'utf8');
    } catch {
      return undefined;
    }
  };
  const chartYaml = read('Chart.yaml');
  if (chartYaml === undefined) throw new InputError(`--chart ${dir}: not a Helm chart (no Chart.yaml)`);
  return { chartYamlName: join(dir, 'Chart.yaml'), chartYaml, valuesName: join(dir, 'values.yaml'), values: read('values.yaml') };
}

/** A packaged chart holds `<name>/Chart.yaml` and `<name>/values.yaml` at its top level. */
async function readChartArchive(file: string): Promise<ChartFiles> {
  const { list } = await import('tar');
  const found = new Map<string, string>();
  try {
    await list({
      file,
      onReadEntry: (entry) => {
        const parts = entry.path.split('/');
        if (parts.length === 2 && (parts[1] === 'Chart.yaml' || parts[1] === 'values.yaml')) {
          const chunks: Buffer[] = [];
          entry.on('data', (c: Buffer) => chunks.push(c));
          entry.on('end', () => found.set(parts[1]!, Buffer.concat(chunks).toString('utf8')));
        } else entry.resume();
      },
    });
  } catch (err) {
    throw new InputError(`--chart ${file}: cannot read chart archive: ${(err as Error).message}`);
  }
  const chartYaml = found.get('Chart.yaml');
  if (chartYaml === undefined) throw new InputError(`--chart ${file}: not a Helm chart archive (no <name>/Chart.yaml)`);
  return { chartYamlName: `${file}!Chart.yaml`, chartYaml, valuesName: `${file}!values.yaml`, values: found.get('values.yaml') };
}
