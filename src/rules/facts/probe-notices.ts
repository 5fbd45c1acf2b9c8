/**
 * The probe banners of the chart's NOTES (node agent, cluster agent, cluster checks runner: liveness,
 * readiness, startup; trace agent: liveness): a probe whose port is set and differs from the port
 * the component serves it on. One module shape for all of them: each policy module names its banner
 * and its component, this builds the check.
 */
import { definePolicy, type PolicyModule } from '../define.js';
import type { RuleHit } from '../../model/finding.js';
import { goTruthy } from '../../model/from-values/go-truthy.js';
import { locate } from '../../load/values.js';
import { compareSemVer, parseSemVer } from '../../chart/semver.js';
import { defaultWording, noticeOrigin, releasesPrinting, valueAt } from './notices.js';

export interface ProbeComponent {
  /** As a message names it: "node agent". */
  name: string;
  /** The values path of the port it serves its probes on. */
  servedOn: string;
  /** What that port is, as a message says it: "health endpoint", "APM intake". */
  serves: string;
  /** Whether the chart version checks this component's probes at all (it is deployed), over the merged values. */
  checked: (values: unknown, chartVersion: string) => boolean;
}

const truthy = (values: unknown, path: string): boolean => goTruthy(valueAt(values, path));

/** The chart's "should-deploy-cluster-agent": enabled, and not joining a cluster agent deployed elsewhere. */
export const clusterAgentDeployed = (values: unknown): boolean => truthy(values, 'clusterAgent.enabled') && !truthy(values, 'existingClusterAgent.join');

/** The chart version is `first` or later (the chart's conditions grew over time). */
const since = (chartVersion: string, first: string): boolean => {
  const v = parseSemVer(chartVersion);
  return v !== undefined && compareSemVer(v, parseSemVer(first)!) >= 0;
};

/** The chart's "should-enable-cluster-check-workers", as each version has it. */
const clusterChecksRunnersDeployed = (values: unknown, chartVersion: string): boolean =>
  (since(chartVersion, '2.33.3') && truthy(values, 'datadog.kubeStateMetricsCore.useClusterCheckRunners')) ||
  (since(chartVersion, '3.217.1') && truthy(values, 'datadog.orchestratorExplorer.useClusterCheckRunners')) ||
  (truthy(values, 'datadog.clusterChecks.enabled') && truthy(values, 'clusterChecksRunner.enabled'));

export const NODE_AGENT: ProbeComponent = { name: 'node agent', servedOn: 'agents.containers.agent.healthPort', serves: 'health endpoint', checked: () => true };
export const CLUSTER_AGENT: ProbeComponent = { name: 'cluster agent', servedOn: 'clusterAgent.healthPort', serves: 'health endpoint', checked: clusterAgentDeployed };
export const CLUSTER_CHECKS_RUNNER: ProbeComponent = {
  name: 'cluster checks runner',
  servedOn: 'clusterChecksRunner.healthPort',
  serves: 'health endpoint',
  // The chart checks the runners' probes inside its cluster agent section.
  checked: (values, chartVersion) => clusterAgentDeployed(values) && clusterChecksRunnersDeployed(values, chartVersion),
};
export const TRACE_AGENT: ProbeComponent = {
  name: 'trace agent',
  servedOn: 'datadog.apm.port',
  serves: 'APM intake',
  // datadog.apm.portEnabled counts from 2.21.0 on.
  checked: (values, chartVersion) => truthy(values, 'datadog.apm.enabled') || (since(chartVersion, '2.21.0') && truthy(values, 'datadog.apm.portEnabled')),
};

/** What a wrong probe port does, by probe. */
const CONSEQUENCE = {
  liveness: 'the kubelet restarts the container over and over',
  readiness: 'its pods never become Ready, so rollouts stall and its Service sends them nothing',
  startup: 'the kubelet kills the container before it ever starts',
} as const;
export type ProbeKind = keyof typeof CONSEQUENCE;

/** Set, and unlike the served port. Go's `ne` fails the install on a string against a number: that is not this banner. */
function differs(port: unknown, servedOn: unknown): boolean {
  if (!goTruthy(port)) return false;
  return typeof port === typeof servedOn && port !== servedOn;
}

export interface ProbeNotice<Id extends string> {
  id: Id;
  banner: string;
  component: ProbeComponent;
  kind: ProbeKind;
  /** The values path of the probe's handler: `clusterAgent.readinessProbe.httpGet`. */
  handler: string;
}

export function probeNotice<const Id extends string>({ id, banner, component, kind, handler }: ProbeNotice<Id>): PolicyModule<Id, Record<string, never>, { differs: (d: { port: string; servedOn: string; note: string }) => string }> {
  return definePolicy({
    id,
    severity: 'error',
    category: 'reliability',
    scope: { reads: 'values', kinds: [] },
    messages: {
      differs: ({ port, servedOn, note }: { port: string; servedOn: string; note: string }) =>
        `The ${component.name}'s ${kind} probe checks port ${port} but the ${component.name} serves its ${component.serves} on ${servedOn}${note}: ${CONSEQUENCE[kind]}.`,
    },
    check: (model, { messages }): RuleHit[] =>
      releasesPrinting(model.releases, banner).flatMap((r) => {
        if (!component.checked(r.values, r.chartVersion) || !goTruthy(valueAt(r.values, handler))) return [];
        const port = valueAt(r.values, `${handler}.port`);
        const servedOn = valueAt(r.values, component.servedOn);
        if (!differs(port, servedOn)) return [];
        const note = defaultWording(locate(r, component.servedOn.split('.')));
        return [{ message: messages.differs({ port: String(port), servedOn: String(servedOn), note }), origin: noticeOrigin(r, [`${handler}.port`]) }];
      }),
  });
}
