/**
 * The chart's deprecation banner for `datadog.systemProbe.osReleasePath` (renamed
 * `datadog.osReleasePath`), printed only when a system-probe feature is on (the chart's
 * system-probe-feature helper, which the values model computes: facts/os-release.ts).
 */
import { definePolicy } from './define.js';
import type { RuleHit } from '../model/finding.js';
import { goTruthy } from '../model/from-values/go-truthy.js';
import { noticeOrigin, releasesPrinting, valueAt } from './facts/notices.js';
import { systemProbeFeature } from './facts/os-release.js';

const BANNER = 'You are using the datadog.systemProbe.osReleasePath parameter, which has been renamed datadog.osReleasePath';

export default definePolicy({
  id: 'notice-system-probe-os-release-path-deprecated',
  severity: 'warning',
  category: 'correctness',
  scope: { reads: 'values', kinds: [] },
  messages: {
    renamed: () =>
      'datadog.systemProbe.osReleasePath is the old name of datadog.osReleasePath: the chart\'s next major version stops reading it and system-probe loses the host\'s os-release.',
  },
  check: (model, { messages }) =>
    releasesPrinting(model.releases, BANNER).flatMap((release): RuleHit[] => {
      if (!goTruthy(valueAt(release.values, 'datadog.systemProbe.osReleasePath')) || systemProbeFeature(release) === undefined) return [];
      return [{ message: messages.renamed(), origin: noticeOrigin(release, ['datadog.systemProbe.osReleasePath']) }];
    }),
});
