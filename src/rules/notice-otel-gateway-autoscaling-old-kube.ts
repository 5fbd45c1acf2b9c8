/**
 * The chart's "OTel Agent Gateway misconfiguration" banner: gateway autoscaling on a Kubernetes the
 * chart judges older than 1.23 (its hpa-autoscaling-v2-supported helper). From chart 3.156.1 the
 * helper reads `kubeVersionOverride` when set; without it the chart asks the cluster, which dd-lint
 * cannot see: it then assumes 1.23 or newer, as `helm template` does, and reports nothing.
 */
import { definePolicy } from './define.js';
import type { RuleHit } from '../model/finding.js';
import { goTruthy } from '../model/from-values/go-truthy.js';
import { compareSemVer, parseSemVer } from '../chart/semver.js';
import { noticeOrigin, releasesPrinting, valueAt } from './facts/notices.js';
import { looseSemVer, meetsAtLeast } from './facts/kube-version.js';

const BANNER = 'OTel Agent Gateway misconfiguration';
const HPA_V2 = parseSemVer('1.23.0')!;
/** The first chart version whose check reads kubeVersionOverride. */
const READS_OVERRIDE = parseSemVer('3.156.1')!;

export default definePolicy({
  id: 'notice-otel-gateway-autoscaling-old-kube',
  severity: 'warning',
  category: 'correctness',
  scope: { reads: 'values', kinds: [] },
  messages: {
    old: ({ version }: { version: string }) =>
      `OTel Agent Gateway autoscaling is on but kubeVersionOverride declares Kubernetes ${version}, older than 1.23: the chart creates no HorizontalPodAutoscaler and the gateway never scales.`,
    preRelease: ({ version }: { version: string }) =>
      `OTel Agent Gateway autoscaling is on but kubeVersionOverride ${version} has a pre-release suffix, which the chart's version check reads as older than 1.23: it creates no HorizontalPodAutoscaler and the gateway never scales (write the plain version, e.g. ${version.replace(/^v?(\d+\.\d+\.\d+).*$/, '$1')}).`,
  },
  check: (model, { messages }) =>
    releasesPrinting(model.releases, BANNER).flatMap((release): RuleHit[] => {
      const chart = parseSemVer(release.chartVersion);
      if (chart && compareSemVer(chart, READS_OVERRIDE) < 0) return [];
      if (!goTruthy(valueAt(release.values, 'otelAgentGateway.autoscaling.enabled'))) return [];
      const override = valueAt(release.values, 'kubeVersionOverride');
      if (typeof override !== 'string' || override === '' || meetsAtLeast(override, HPA_V2) !== false) return [];
      const preRelease = compareSemVer({ ...looseSemVer(override)!, pre: [] }, HPA_V2) >= 0;
      return [
        {
          message: preRelease ? messages.preRelease({ version: override }) : messages.old({ version: override }),
          origin: noticeOrigin(release, ['kubeVersionOverride']),
        },
      ];
    }),
});
