/**
 * The chart's ERROR banner (and `fail`) when system-probe runs without any os-release file from the
 * host. Code: "system-probe runs" is the chart's system-probe-feature helper, which the values model
 * already computes (facts/os-release.ts).
 */
import { definePolicy } from './define.js';
import type { RuleHit } from '../model/finding.js';
import { noticeOrigin, releasesPrinting, valueAt } from './facts/notices.js';
import { mountsDefaultOsReleasePaths, runsSystemProbe } from './facts/os-release.js';

const BANNER = 'The current set of options used to install the chart requires the system-probe container to be enabled';

export default definePolicy({
  id: 'notice-system-probe-without-os-release',
  severity: 'error',
  category: 'correctness',
  scope: { reads: 'values', kinds: [] },
  messages: {
    missing: ({ feature }: { feature: string }) =>
      `system-probe runs (${feature}) but gets no os-release from the host (datadog.osReleasePath is empty and the default os-release mounts are off): the chart refuses to install.`,
  },
  check: (model, { messages }) =>
    releasesPrinting(model.releases, BANNER).flatMap((release): RuleHit[] => {
      if (valueAt(release.values, 'targetSystem') !== 'linux' || valueAt(release.values, 'datadog.osReleasePath') !== '') return [];
      const feature = runsSystemProbe(release);
      if (feature === undefined || mountsDefaultOsReleasePaths(release)) return [];
      return [{ message: messages.missing({ feature }), origin: noticeOrigin(release, ['datadog.osReleasePath', 'datadog.disableDefaultOsReleasePaths']) }];
    }),
});
