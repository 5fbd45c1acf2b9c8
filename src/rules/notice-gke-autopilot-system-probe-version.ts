/**
 * The chart's "System Probe on GKE Autopilot requires GKE v1.32.1-gke.1729000 or later" banner: on
 * GKE Autopilot, a feature of the chart's "system-probe-feature" helper is on. The helper's list
 * changed over the chart versions (FEATURES says from and before which version each one counts), and
 * so did the value that silences the banner (SILENCED_BY). The chart's check of the cluster (its
 * workload allowlist APIs and version) always fails without a cluster: dd-lint assumes an older one.
 */
import { definePolicy } from './define.js';
import type { RuleHit } from '../model/finding.js';
import { goTruthy } from '../model/from-values/go-truthy.js';
import { noticeOrigin, releasesPrinting, valueAt, versionBefore } from './facts/notices.js';

const BANNER = 'System Probe on GKE Autopilot requires GKE v1.32.1-gke.1729000 or later';

interface Feature {
  /** The values path that turns it on, where a finding points. */
  path: string;
  /** The first chart version whose helper counts it. */
  from?: string;
  /** The first chart version whose helper no longer counts it (this way). */
  before?: string;
  /** Counted only when this switch is on too. */
  with?: string;
  /** From 3.205.0 discovery counts only when set to true itself (the chart's "resolved-discovery-enabled" on Autopilot). */
  explicitTrue?: true;
}

const FEATURES: Feature[] = [
  { path: 'datadog.securityAgent.runtime.enabled' },
  { path: 'datadog.securityAgent.runtime.fimEnabled', before: '3.165.1' },
  { path: 'datadog.networkMonitoring.enabled' },
  { path: 'datadog.systemProbe.enableTCPQueueLength' },
  { path: 'datadog.systemProbe.enableOOMKill' },
  { path: 'datadog.serviceMonitoring.enabled' },
  { path: 'datadog.traceroute.enabled', from: '3.109.1' },
  { path: 'datadog.discovery.enabled', before: '3.205.0' },
  { path: 'datadog.discovery.enabled', from: '3.205.0', explicitTrue: true },
  { path: 'datadog.discovery.serviceMap.enabled', from: '3.215.0' },
  { path: 'datadog.gpuMonitoring.enabled', before: '3.128.0' },
  { path: 'datadog.gpuMonitoring.privilegedMode', from: '3.128.0', with: 'datadog.gpuMonitoring.enabled' },
  { path: 'datadog.dynamicInstrumentationGo.enabled', from: '3.146.0' },
  { path: 'datadog.securityAgent.compliance.runInSystemProbe', from: '3.202.3', with: 'datadog.securityAgent.compliance.enabled' },
];

/** The datadog.envDict entry that silences the banner (a CI escape the chart renamed in 3.110.11). */
const SILENCED_BY = (chartVersion: string): string => (versionBefore(chartVersion, '3.110.11') ? 'datadog.envDict.DD_CI' : 'datadog.envDict.HELM_FORCE_RENDER');

const counts = (feature: Feature, values: unknown, chartVersion: string): boolean => {
  if (feature.from !== undefined && versionBefore(chartVersion, feature.from)) return false;
  if (feature.before !== undefined && !versionBefore(chartVersion, feature.before)) return false;
  if (feature.with !== undefined && !goTruthy(valueAt(values, feature.with))) return false;
  const value = valueAt(values, feature.path);
  return feature.explicitTrue ? value === true || value === 'true' : goTruthy(value);
};

export default definePolicy({
  id: 'notice-gke-autopilot-system-probe-version',
  severity: 'info',
  category: 'correctness',
  scope: { reads: 'values', kinds: [] },
  messages: {
    olderCluster: () => 'on GKE Autopilot the system probe needs GKE 1.32.1-gke.1729000 or later: on an older cluster the install fails (assuming an older cluster)',
  },
  check: (model, { messages }) =>
    releasesPrinting(model.releases, BANNER).flatMap((r): RuleHit[] => {
      if (!goTruthy(valueAt(r.values, 'providers.gke.autopilot')) || goTruthy(valueAt(r.values, SILENCED_BY(r.chartVersion)))) return [];
      const on = FEATURES.filter((f) => counts(f, r.values, r.chartVersion)).map((f) => f.path);
      return on.length ? [{ message: messages.olderCluster(), origin: noticeOrigin(r, [...on, 'providers.gke.autopilot']) }] : [];
    }),
});
