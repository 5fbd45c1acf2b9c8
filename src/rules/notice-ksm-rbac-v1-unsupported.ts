/**
 * The chart's "latest version of kube-state-metrics isn't supported on your cluster" banner: the
 * bundled kube-state-metrics chart needs rbac.authorization.k8s.io/v1, which the chart asks the
 * cluster for. dd-lint cannot see the cluster and assumes it serves the API (every Kubernetes since
 * 1.8, and what `helm template` assumes); only a `kubeVersionOverride` below 1.8 says otherwise.
 */
import { definePolicy } from './define.js';
import type { RuleHit } from '../model/finding.js';
import { goTruthy } from '../model/from-values/go-truthy.js';
import { parseSemVer } from '../chart/semver.js';
import { noticeOrigin, releasesPrinting, valueAt } from './facts/notices.js';
import { meetsAtLeast } from './facts/kube-version.js';

const BANNER = 'latest version of kube-state-metrics isn’t supported on your cluster';
const RBAC_V1 = parseSemVer('1.8.0')!;

export default definePolicy({
  id: 'notice-ksm-rbac-v1-unsupported',
  severity: 'info',
  category: 'correctness',
  scope: { reads: 'values', kinds: [] },
  messages: {
    old: ({ version }: { version: string }) =>
      `datadog.kubeStateMetricsEnabled deploys kube-state-metrics, which needs rbac.authorization.k8s.io/v1, but kubeVersionOverride declares Kubernetes ${version}, older than 1.8 (assuming the override is the cluster's version): its RBAC objects would be refused.`,
  },
  check: (model, { messages }) =>
    releasesPrinting(model.releases, BANNER).flatMap((release): RuleHit[] => {
      if (!goTruthy(valueAt(release.values, 'datadog.kubeStateMetricsEnabled'))) return [];
      const override = valueAt(release.values, 'kubeVersionOverride');
      // A pre-release of 1.8 or newer still serves the API: compare the version itself.
      if (typeof override !== 'string' || meetsAtLeast(override.replace(/[-+].*$/, ''), RBAC_V1) !== false) return [];
      return [{ message: messages.old({ version: override }), origin: noticeOrigin(release, ['kubeVersionOverride']) }];
    }),
});
