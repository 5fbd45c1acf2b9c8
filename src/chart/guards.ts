/**
 * The image version guards of each bundled datadog chart version: the chart fails before rendering
 * anything when the agent or cluster-agent image tag is older than it supports, unless the guard's
 * switch (`agents.image.doNotCheckTag`) is set. Facts come from src/chart/data/datadog.guards.json
 * (scripts/gen-chart-guards.mjs).
 */
import { readFileSync } from 'node:fs';
import { chartVersions, runCovering, versionIndex } from './history.js';
import { parseConstraint, parseSemVer, type SemVer } from './semver.js';
import { CHART_DATA_DIR } from '../package-root.js';

export type GuardedImage = 'agent' | 'cluster-agent';

export interface ImageGuard {
  image: GuardedImage;
  /** The values path of the tag (`agents.image.tag`) and of the switch that skips the check. */
  tagPath: string;
  skipPath: string;
  /** The semver constraint the tag must meet (`^6.36.0-0 || ^7.36.0-0`). */
  accepts: string;
  /** The lowest version accepted on the newest major (`7.36.0`). */
  floor: string;
  /** Single-word tags the chart reads as a version (`7` → `7.55.1`). */
  aliases: Record<string, string>;
  trimSuffix: string | null;
}

interface GuardsFile {
  guards: { image: GuardedImage; runs: (Omit<ImageGuard, 'image'> & { from: string; to: string })[] }[];
}

let data: GuardsFile | undefined;
function guardsData(): GuardsFile {
  data ??= JSON.parse(readFileSync(new URL('datadog.guards.json', CHART_DATA_DIR), 'utf8')) as GuardsFile;
  return data;
}

/** The guards a bundled chart version applies (none for a version dd-lint has no data for). */
export function imageGuards(version: string): ImageGuard[] {
  const out: ImageGuard[] = [];
  for (const { image, runs } of guardsData().guards) {
    const run = runCovering(runs, version);
    if (run) {
      const { from: _from, to: _to, ...facts } = run;
      out.push({ image, ...facts });
    }
  }
  return out;
}

/** The version the chart compares, read from a tag as its helper does; undefined when it is none (the chart then fails otherwise). */
export function guardedVersion(guard: ImageGuard, tag: string): SemVer | undefined {
  let text = guard.trimSuffix && tag.endsWith(guard.trimSuffix) ? tag.slice(0, -guard.trimSuffix.length) : tag;
  if (!text.includes('.') && guard.aliases[text] !== undefined) text = guard.aliases[text]!;
  // The chart's semver reader also takes `7.50` and `7` as 7.50.0 and 7.0.0.
  const loose = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?((?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?)$/.exec(text);
  return loose ? parseSemVer(`${loose[1]}.${loose[2] ?? 0}.${loose[3] ?? 0}${loose[4]}`) : undefined;
}

/**
 * Whether a guard lets this tag through (a tag that is no version is not its business). Helm's semver
 * lets any pre-release through a constraint that names a pre-release; the guards' bounds are all
 * `X.Y.Z-0` (the generator checks), the lowest pre-release of X.Y.Z, so a pre-release compares as
 * its release does.
 */
export function guardAccepts(guard: ImageGuard, tag: string): boolean {
  const version = guardedVersion(guard, tag);
  return version === undefined || parseConstraint(guard.accepts)!({ ...version, pre: [] });
}

/** The newest bundled chart version, older than `version`, whose guard for this image accepts the tag (or has none). */
export function newestChartAccepting(image: GuardedImage, tag: string, version: string): string | undefined {
  const versions = chartVersions();
  for (let i = versionIndex(version) - 1; i >= 0; i--) {
    const guard = imageGuards(versions[i]!).find((g) => g.image === image);
    if (!guard || guardAccepts(guard, tag)) return versions[i];
  }
  return undefined;
}
