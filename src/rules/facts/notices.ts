/**
 * What every notice policy shares (a banner the datadog chart prints after install, checked before
 * install): the version gate (a notice fires only for chart versions that print its banner), where
 * a finding points (the first of its paths the user wrote, else the nearest written ancestor, the
 * value then being the chart's default), its severity, and the module of a notice whose condition
 * is data (a JSON Schema over the merged values, compiled by scripts/gen-policies.mjs).
 */
import { definePolicy, type PolicyModule } from '../define.js';
import type { Notice, Severity } from '../../generated/policy.js';
import type { RuleHit } from '../../model/finding.js';
import type { Origin } from '../../model/location.js';
import { bannerRun } from '../../chart/notices.js';
import { get, locate, type ValuesRelease } from '../../load/values.js';
import { pathKey } from '../../load/path.js';
import { goTruthy } from '../../model/from-values/go-truthy.js';

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
export function noticeOrigin(release: Pick<ValuesRelease, 'files' | 'locations' | 'values'>, paths: readonly string[]): Origin {
  const written = paths.filter((p) => release.locations.has(pathKey(segments(p))));
  const chosen = written.find((p) => goTruthy(get(release.values, segments(p)))) ?? written[0];
  return locate(release, segments(chosen ?? paths[0]!));
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

export type DataNotice = Omit<Notice, 'condition' | 'message'> & { message: string };

/** The module of a notice whose condition is a JSON Schema (`test` is its compiled validator). */
export function dataNotice<const Id extends string>(id: Id, notice: DataNotice, test: (values: unknown) => boolean): PolicyModule<Id, Record<string, never>, { notice: () => string }> {
  return definePolicy({
    id,
    severity: noticeSeverity(notice),
    category: 'correctness',
    scope: { reads: 'values', kinds: [] },
    messages: { notice: () => notice.message },
    check: (model, { messages }): RuleHit[] =>
      releasesPrinting(model.releases, notice.banner)
        .filter((r) => test(r.values))
        // Reporters say it when the origin is a chart default (the message need not).
        .map((r) => ({ message: messages.notice(), origin: noticeOrigin(r, notice.at) })),
  });
}
