/**
 * The banners each bundled datadog chart version prints after install (its templates/NOTES.txt):
 * which versions print a banner, and what as. Facts come from src/chart/data/datadog.notices.json
 * (scripts/gen-chart-notices.mjs).
 */
import { readFileSync } from 'node:fs';
import { chartVersions, newestChartVersion, runCovering, versionIndex } from './history.js';
import { CHART_DATA_DIR } from '../package-root.js';

export interface BannerRun {
  from: string;
  to: string;
  /** What the chart prints the banner as: ERROR, WARNING, INFO, NOTICE, NEXT STEP (NOTE in old versions). */
  printed: string;
  /** The first sentence of the `fail` the banner stops the install with (helm then prints only that). */
  fail?: string;
  /** A hash of the banner's template text: a new run starts where the chart changed it. */
  fingerprint: string;
}

export interface ChartBanner {
  /** Its heading, or the first sentence of a generic "Configuration notice" / "Deprecation notice". */
  banner: string;
  runs: BannerRun[];
}

interface NoticesFile {
  banners: ChartBanner[];
}

let data: NoticesFile | undefined;
export function chartBanners(): ChartBanner[] {
  data ??= JSON.parse(readFileSync(new URL('datadog.notices.json', CHART_DATA_DIR), 'utf8')) as NoticesFile;
  return data.banners;
}

/** The run of a banner that covers a bundled version (a version dd-lint has no data for counts as the newest). */
export function bannerRun(banner: string, version: string): BannerRun | undefined {
  const runs = chartBanners().find((b) => b.banner === banner)?.runs ?? [];
  return runCovering(runs, versionIndex(version) === -1 ? newestChartVersion() : version);
}

/** The bundled versions that print a banner, ascending. */
export function versionsPrinting(banner: string): string[] {
  const runs = chartBanners().find((b) => b.banner === banner)?.runs ?? [];
  return chartVersions().filter((v) => runCovering(runs, v) !== undefined);
}
