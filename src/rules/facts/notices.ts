/**
 * What every notice policy shares (a banner the datadog chart prints after install, checked before
 * install): the version gate (a notice fires only for chart versions that print its banner), where
 * a finding points (the first of its paths the user wrote, else the nearest written ancestor, the
 * value then being the chart's default), its severity, and the module of a notice whose condition
 * is data (a JSON Schema over the merged values, compiled by scripts/gen-policies.mjs; one per chart
 * version range where an older chart decided otherwise).
 */
import { definePolicy, type PolicyModule } from '../define.js';
import type { Notice, Severity } from '../../generated/policy.js';
import type { RuleHit } from '../../model/finding.js';
import type { Origin } from '../../model/location.js';
import { bannerRun } from '../../chart/notices.js';
import { chartDefaultsNow, chartVersions, newestChartVersion } from '../../chart/history.js';
import { compareSemVer, parseSemVer } from '../../chart/semver.js';
import { get, locate, type ValuesRelease } from '../../load/values.js';
import { pathKey } from '../../load/path.js';

/** The releases whose chart version prints this banner. */
export function releasesPrinting(releases: ValuesRelease[], banner: string): ValuesRelease[] {
  return releases.filter((r) => bannerRun(banner, r.chartVersion) !== undefined);
}

const segments = (dotted: string): string[] => dotted.split('.');

/**
 * Where a notice's finding points: the first of `paths` the user wrote whose value is set (a full
 * copy of the chart's values.yaml writes them all, most of them off), else the first one written,
 * else where the first one would be (a chart default).
 */
export function noticeOrigin(release: Pick<ValuesRelease, 'files' | 'locations' | 'values' | 'chartVersion'>, paths: readonly string[]): Origin {
  const written = paths.filter((p) => release.locations.has(pathKey(segments(p))));
  // A copy of the chart's values.yaml writes every path: there the user's edit is the one that differs from the chart's default.
  const defaults = release.locations.size >= FULL_COPY_KEYS ? defaultsOf(release.chartVersion) : undefined;
  const edited = defaults ? written.find((p) => JSON.stringify(get(release.values, segments(p))) !== JSON.stringify(get(defaults, segments(p)))) : undefined;
  const chosen = edited ?? written[0];
  return locate(release, segments(chosen ?? paths[0]!));
}

/** Values that write this many keys are taken for a copy of the chart's values.yaml (every version's has several hundred). */
const FULL_COPY_KEYS = 300;
const defaultsCache = new Map<string, unknown>();
/** The bundled chart defaults of a version (undefined for a chart dd-lint has no data for). */
function defaultsOf(version: string): unknown {
  if (!defaultsCache.has(version)) {
    let values: unknown;
    try {
      values = chartDefaultsNow(version).values;
    } catch {
      values = undefined;
    }
    defaultsCache.set(version, values);
  }
  return defaultsCache.get(version);
}

/** The words a message adds when its value is the chart's default rather than the user's. */
export function defaultWording(origin: Origin): string {
  return origin.fromDefault ? " (the chart's default)" : '';
}

/** A value as the notice's message shows it (a short literal; never a secret: callers pass ports and switches). */
export const valueAt = (values: unknown, dotted: string): unknown => get(values, segments(dotted));

/** The severity of a notice: ERROR an error, WARNING a warning, anything else an info, unless it says otherwise. */
export function noticeSeverity(notice: Pick<Notice, 'printed' | 'severity'>): Severity {
  return notice.severity ?? (notice.printed === 'ERROR' ? 'error' : notice.printed === 'WARNING' ? 'warning' : 'info');
}

export type DataNotice = Omit<Notice, 'condition' | 'olderConditions' | 'message'> & { message: string };

/** One compiled condition of a data notice: for the chart versions before `before`, or (without it) the newest chart's. */
export interface VersionCondition {
  before?: string;
  /** Where its finding points, when these versions read other keys than the notice's `at`. */
  at?: readonly string[];
  test: (values: unknown) => boolean;
}

/** `version` precedes `than` (a version dd-lint has no data for counts as the newest, as for the banners). */
export function versionBefore(version: string, than: string): boolean {
  const known = chartVersions().includes(version) ? version : newestChartVersion();
  return compareSemVer(parseSemVer(known)!, parseSemVer(than)!) < 0;
}

/** The condition a chart version decides the banner with: the first older chart's it precedes, else the newest chart's (listed last). */
export function conditionFor(conditions: readonly VersionCondition[], chartVersion: string): VersionCondition {
  return conditions.find((c) => c.before === undefined || versionBefore(chartVersion, c.before)) ?? conditions[conditions.length - 1]!;
}

/** The module of a notice whose condition is a JSON Schema (each `test` a compiled validator, older charts' first). */
export function dataNotice<const Id extends string>(id: Id, notice: DataNotice, conditions: readonly VersionCondition[]): PolicyModule<Id, Record<string, never>, { notice: () => string }> {
  return definePolicy({
    id,
    severity: noticeSeverity(notice),
    category: 'correctness',
    scope: { reads: 'values', kinds: [] },
    messages: { notice: () => notice.message },
    check: (model, { messages }): RuleHit[] =>
      releasesPrinting(model.releases, notice.banner)
        // From schemaRefusesFrom on, chart-render-failure reports the same values (the schema stops them first).
        .filter((r) => notice.schemaRefusesFrom === undefined || versionBefore(r.chartVersion, notice.schemaRefusesFrom))
        .flatMap((r) => {
          const condition = conditionFor(conditions, r.chartVersion);
          const at = condition.at ?? notice.at;
          // A key an unread source sets (a Flux valuesFrom targetPath: the API key from a Secret) is unknown, not unset;
          // so is any key an unread values file or object may hold, for a banner about a key left unset.
          if (model.unreadSources.some((u) => (u.setsPath === undefined ? notice.aboutAnUnsetKey === true : at.includes(u.setsPath) && r.files.includes(u.origin.file)))) return [];
          // Reporters say it when the origin is a chart default (the message need not).
          return condition.test(r.values) ? [{ message: messages.notice(), origin: noticeOrigin(r, at) }] : [];
        }),
  });
}
