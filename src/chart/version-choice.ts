/**
 * Which chart version a release is modelled with: the one the run is told (`--chart-version`, the
 * config), else the one its input deploys (a wrapper's version or range, resolved the way Helm
 * resolves a range: the highest version that matches), else the newest. A version dd-lint has no
 * data for is modelled with the newest, and a note says so.
 */
import { chartVersions, newestChartVersion, resolveChartVersion } from './history.js';

export interface ChartVersionChoice {
  version: string;
  note?: string;
}

export function chooseChartVersion(told: string | undefined, fromInput: string | undefined, where: string): ChartVersionChoice {
  if (told !== undefined) return { version: told };
  if (fromInput === undefined || fromInput.trim() === '') return { version: newestChartVersion() };
  const resolved = resolveChartVersion(fromInput);
  if (resolved) return { version: resolved.version };
  const versions = chartVersions();
  const newest = newestChartVersion();
  return {
    version: newest,
    note: `${where} deploys datadog chart ${fromInput}, which no bundled version matches (bundled: ${versions[0]} to ${newest}); modelled with ${newest}`,
  };
}
