/**
 * The datadog chart's `fail` guards as conditions over the merged values: when a condition holds,
 * `helm template`/`install` stops with the chart's error. Each guard names the `fail` calls it
 * stands for by fingerprint (src/chart/data/datadog.fails.json, scripts/gen-chart-fails.mjs), and
 * applies to the chart versions holding one of them. The conditions are hand-written from the
 * templates (their shapes vary too much to generate) and checked against helm by
 * test/oracle/chart-fails.test.ts. The reasons are dd-lint's own words.
 */
import { readFileSync } from 'node:fs';
import type { Json } from '../json.js';
import { CHART_DATA_DIR } from '../package-root.js';
import { chartVersions } from './history.js';

/** A condition, read as Go templates read values (`truthy`: `{{ if .Values.x }}`). */
export type Condition =
  | { truthy: string }
  | { falsy: string }
  | { equals: string; value: Json }
  /** A string the chart accepts only from a list (an unset or empty value passes). */
  | { notOneOf: string; values: string[] }
  | { not: Condition }
  | { all: Condition[] }
  | { any: Condition[] }
  /** The agent version the chart reads from `agents.image.tag` (`7` and `latest` as the version it ships) is outside a semver constraint. */
  | { agentVersionOutside: string }
  /** A string longer than `length` bytes, or not matching `pattern` (a value holding `{{` is rendered by the chart first: not judged). */
  | { longerThan: string; length: number }
  | { notMatching: string; pattern: string }
  /** An OTLP endpoint without `:port` at its end, or with a scheme gRPC cannot take here. */
  | { otlpEndpoint: string; problem: 'no-port' | 'unix' | 'unix-abstract' };

export interface FailGuard {
  id: string;
  /** The chart's `fail` calls this guard stands for. */
  fingerprints: string[];
  /** The values key the finding points at. */
  at: string;
  when: Condition;
  /** What the chart refuses and how to fix it, in dd-lint's words. */
  reason: string;
  /** The last version whose check can fire (later ones kept the `fail` behind a condition that never holds). */
  liveUntil?: string;
}

/** `fail` calls of the newest chart dd-lint does not model, and why (listed in docs/chart-guards.md). */
export interface UncheckedFail {
  fingerprints: string[];
  about: string;
  why: string;
}

const AGENT_RENDERED: Condition = { all: [{ truthy: 'agents.enabled' }, { any: [{ truthy: 'datadog.apiKey' }, { truthy: 'datadog.apiKeyExistingSecret' }] }] };
const CLUSTER_AGENT_ENABLED: Condition = {
  any: [{ truthy: 'clusterAgent.enabled' }, { all: [{ truthy: 'existingClusterAgent.join' }, { truthy: 'existingClusterAgent.serviceName' }, { truthy: 'existingClusterAgent.tokenSecretName' }] }],
};
const AUTOPILOT: Condition = { all: [{ truthy: 'providers.gke.autopilot' }, { falsy: 'datadog.envDict.HELM_FORCE_RENDER' }] };
const AUTOPILOT_OR_GDC: Condition = { any: [{ truthy: 'providers.gke.autopilot' }, { truthy: 'providers.gke.gdc' }] };
const PAR = 'clusterAgent.privateActionRunner';
const NODE_PAR = 'datadog.privateActionRunner';
const noIdentity = (at: string): Condition => ({
  all: [{ falsy: `${at}.selfEnroll` }, { falsy: `${at}.identityFromExistingSecret` }, { any: [{ falsy: `${at}.urn` }, { falsy: `${at}.privateKey` }] }],
});
const otlp = (protocol: 'grpc' | 'http', problem: 'no-port' | 'unix' | 'unix-abstract'): Condition => ({
  all: [AGENT_RENDERED, { truthy: `datadog.otlp.receiver.protocols.${protocol}.enabled` }, { otlpEndpoint: `datadog.otlp.receiver.protocols.${protocol}.endpoint`, problem }],
});

export const FAIL_GUARDS: FailGuard[] = [
  {
    id: 'system-probe-enabled-removed',
    fingerprints: ['ecdac3c6465a'],
    at: 'datadog.systemProbe.enabled',
    when: { truthy: 'datadog.systemProbe.enabled' },
    reason: 'datadog.systemProbe.enabled is no longer accepted; turn on the features instead (datadog.networkMonitoring.enabled, datadog.systemProbe.enableTCPQueueLength, datadog.systemProbe.enableOOMKill, datadog.securityAgent.runtime.enabled)',
  },
  {
    id: 'autopilot-system-probe',
    fingerprints: ['a0233b5cdec2', '98b377d849c5', '97b69c9d1ac5'],
    at: 'providers.gke.autopilot',
    when: {
      all: [
        AUTOPILOT,
        {
          any: ['securityAgent.runtime.enabled', 'securityAgent.runtime.fimEnabled', 'networkMonitoring.enabled', 'systemProbe.enableTCPQueueLength', 'systemProbe.enableOOMKill', 'serviceMonitoring.enabled'].map(
            (p) => ({ truthy: `datadog.${p}` }),
          ),
        },
      ],
    },
    reason: 'chart versions before 3.100.0 refuse system-probe features (Workload Security, Network Monitoring, TCP queue length, OOM kill, Universal Service Monitoring) on GKE Autopilot; turn them off or use a newer chart',
  },
  {
    id: 'cluster-checks-pdb-both-bounds',
    fingerprints: ['313724ce6309'],
    at: 'clusterChecksRunner.pdb.maxUnavailable',
    when: {
      all: [
        { any: [{ truthy: 'clusterChecksRunner.createPodDisruptionBudget' }, { truthy: 'clusterChecksRunner.pdb.create' }] },
        { truthy: 'clusterChecksRunner.pdb.minAvailable' },
        { truthy: 'clusterChecksRunner.pdb.maxUnavailable' },
      ],
    },
    reason: 'the cluster checks runner PodDisruptionBudget takes minAvailable or maxUnavailable, not both',
  },
  {
    id: 'cluster-agent-pdb-both-bounds',
    fingerprints: ['e4932cf1633a'],
    at: 'clusterAgent.pdb.maxUnavailable',
    when: {
      all: [{ any: [{ truthy: 'clusterAgent.createPodDisruptionBudget' }, { truthy: 'clusterAgent.pdb.create' }] }, { truthy: 'clusterAgent.pdb.minAvailable' }, { truthy: 'clusterAgent.pdb.maxUnavailable' }],
    },
    reason: 'the cluster agent PodDisruptionBudget takes minAvailable or maxUnavailable, not both',
  },
  {
    id: 'cluster-name-too-long',
    fingerprints: ['0cf3fe64773d', '1fa2d326e745', '89b9bfcf7f4b'],
    at: 'datadog.clusterName',
    when: { longerThan: 'datadog.clusterName', length: 80 },
    reason: 'datadog.clusterName is longer than 80 characters',
  },
  {
    id: 'cluster-name-malformed',
    fingerprints: ['743c9ce83d9f'],
    at: 'datadog.clusterName',
    when: { all: [{ truthy: 'datadog.clusterName' }, { notMatching: 'datadog.clusterName', pattern: '^([a-z0-9]([a-z0-9\\-_]*[a-z0-9])?\\.)*([a-z0-9]([a-z0-9\\-_]*[a-z0-9])?)$' }] },
    reason: 'datadog.clusterName must be dot-separated parts of lowercase letters, digits, "-" and "_", each starting and ending with a letter or digit',
  },
  {
    id: 'cluster-name-malformed-before-3.201.4',
    fingerprints: ['fd44ec3c326d', 'c72bf55dfa5b'],
    at: 'datadog.clusterName',
    when: { all: [{ truthy: 'datadog.clusterName' }, { notMatching: 'datadog.clusterName', pattern: '^([a-z]([a-z0-9\\-]*[a-z0-9])?\\.)*([a-z]([a-z0-9\\-]*[a-z0-9])?)$' }] },
    reason: 'datadog.clusterName must be dot-separated parts of lowercase letters, digits and "-", each starting with a letter and ending with a letter or digit (no "_")',
  },
  {
    id: 'data-plane-agent-too-old',
    fingerprints: ['48001fa5d3a4'],
    at: 'datadog.dataPlane.enabled',
    when: { all: [AGENT_RENDERED, { truthy: 'datadog.dataPlane.enabled' }, { falsy: 'providers.gke.gdc' }, { falsy: 'agents.image.doNotCheckTag' }, { agentVersionOutside: '>=7.74.0' }] },
    reason: 'the Agent Data Plane needs agent 7.74 or newer (agents.image.tag)',
  },
  {
    id: 'data-plane-without-pipeline',
    fingerprints: ['f18333aa3210'],
    at: 'datadog.dataPlane.enabled',
    when: { all: [AGENT_RENDERED, { truthy: 'datadog.dataPlane.enabled' }, { falsy: 'providers.gke.gdc' }, { falsy: 'datadog.dataPlane.dogstatsd.enabled' }] },
    reason: 'the Agent Data Plane is on with no pipeline (turn on datadog.dataPlane.dogstatsd.enabled)',
  },
  {
    id: 'registry-migration-mode-invalid',
    fingerprints: ['ba3216006ee6'],
    at: 'registryMigrationMode',
    when: { notOneOf: 'registryMigrationMode', values: ['auto', 'all'] },
    reason: 'registryMigrationMode must be "auto", "all" or empty',
  },
  {
    id: 'otlp-grpc-no-port',
    fingerprints: ['04349bcab4dc'],
    at: 'datadog.otlp.receiver.protocols.grpc.endpoint',
    when: { any: [otlp('grpc', 'no-port'), otlp('http', 'no-port')] },
    reason: 'an OTLP receiver endpoint must end with ":<port>"',
  },
  {
    id: 'otlp-grpc-unix',
    fingerprints: ['b656d6ac6522'],
    at: 'datadog.otlp.receiver.protocols.grpc.endpoint',
    when: otlp('grpc', 'unix'),
    reason: 'the OTLP/gRPC receiver endpoint cannot be a "unix:" socket; use host:port',
  },
  {
    id: 'otlp-grpc-unix-abstract',
    fingerprints: ['04ff63a3551f'],
    at: 'datadog.otlp.receiver.protocols.grpc.endpoint',
    when: otlp('grpc', 'unix-abstract'),
    reason: 'the OTLP/gRPC receiver endpoint cannot be a "unix-abstract:" socket; use host:port',
  },
  {
    id: 'private-action-runner-self-enroll-without-leader-election',
    fingerprints: ['896f1221c738'],
    at: `${PAR}.selfEnroll`,
    when: { all: [CLUSTER_AGENT_ENABLED, { truthy: `${PAR}.enabled` }, { truthy: `${PAR}.selfEnroll` }, { falsy: 'datadog.leaderElection' }] },
    reason: `the cluster agent's private action runner enrolls itself only with leader election (set datadog.leaderElection: true)`,
  },
  {
    id: 'private-action-runner-without-identity',
    fingerprints: ['776089c4b987'],
    at: `${PAR}.selfEnroll`,
    when: { all: [CLUSTER_AGENT_ENABLED, { truthy: `${PAR}.enabled` }, noIdentity(PAR)] },
    reason: `the cluster agent's private action runner without selfEnroll needs ${PAR}.identityFromExistingSecret, or both ${PAR}.urn and ${PAR}.privateKey`,
  },
  {
    id: 'node-private-action-runner-without-identity',
    fingerprints: ['81b0b79e981e'],
    at: `${NODE_PAR}.selfEnroll`,
    when: { all: [AGENT_RENDERED, { truthy: `${NODE_PAR}.enabled` }, { equals: 'targetSystem', value: 'linux' }, noIdentity(NODE_PAR)] },
    reason: `the node agent's private action runner without selfEnroll needs ${NODE_PAR}.identityFromExistingSecret, or both ${NODE_PAR}.urn and ${NODE_PAR}.privateKey`,
  },
  {
    id: 'gke-agent-command-override',
    fingerprints: ['b64a676f44ee'],
    at: 'agents.containers.agent.command',
    when: { all: [AGENT_RENDERED, AUTOPILOT_OR_GDC, { truthy: 'agents.containers.agent.command' }] },
    reason: 'GKE Autopilot and GDC allow the agent container only its own command; remove agents.containers.agent.command',
  },
  {
    id: 'container-image-collection-without-runtime',
    fingerprints: ['e9f0aff00a14'],
    at: 'datadog.containerRuntimeSupport.enabled',
    when: {
      all: [AGENT_RENDERED, { falsy: 'datadog.containerRuntimeSupport.enabled' }, { any: [{ truthy: 'datadog.containerImageCollection.enabled' }, { truthy: 'datadog.sbom.containerImage.enabled' }] }],
    },
    reason: 'container image collection (and SBOM of container images) needs datadog.containerRuntimeSupport.enabled: true',
    liveUntil: '3.78.0',
  },
  {
    id: 'network-monitoring-agent-too-old',
    fingerprints: ['813bc96fcfaa'],
    at: 'agents.image.tag',
    when: { all: [{ truthy: 'datadog.networkMonitoring.enabled' }, { falsy: 'agents.image.doNotCheckTag' }, { agentVersionOutside: '^6.24.1-0 || ^7.24.1-0' }] },
    reason: 'Network Performance Monitoring needs agent 7.24.1 (6.24.1) or newer',
  },
];

/**
 * `fail` calls in NOTES.txt under a banner that has its own notice policy: that policy reports the
 * failure (as an error, with the banner's explanation), so chart-render-failure does not say it twice.
 */
export interface NoticeFail {
  id: string;
  fingerprints: string[];
  policy: string;
}
export const FAILS_REPORTED_BY_NOTICES: NoticeFail[] = [
  { id: 'ssi-namespaces-both', fingerprints: ['dbd5c00fee64'], policy: 'notice-ssi-namespaces-conflict' },
  { id: 'workload-autoscaling-without-remote-config', fingerprints: ['d5d3125acca4'], policy: 'notice-workload-autoscaling-without-remote-config' },
  { id: 'ssi-without-cluster-agent', fingerprints: ['5029d3e69a82'], policy: 'notice-ssi-without-cluster-agent' },
  { id: 'ssi-without-admission-controller', fingerprints: ['dfad550bb745'], policy: 'notice-ssi-without-admission-controller' },
  { id: 'ssi-csi-without-csi-driver', fingerprints: ['007e136d706c'], policy: 'notice-apm-csi-injection-without-csi-driver' },
  { id: 'autopilot-cws', fingerprints: ['dfc095347383', '7606c1a13c6c'], policy: 'notice-gke-autopilot-cws' },
  { id: 'autopilot-init-security-context', fingerprints: ['684245beb33a'], policy: 'notice-gke-autopilot-init-security-context' },
  { id: 'autopilot-cspm', fingerprints: ['c302c4d73384'], policy: 'notice-gke-autopilot-cspm' },
  { id: 'autopilot-lifecycle-exec', fingerprints: ['39852c777491'], policy: 'notice-gke-autopilot-lifecycle-exec' },
  { id: 'autopilot-host-profiler', fingerprints: ['89b8b79866e0'], policy: 'notice-gke-host-profiler' },
  { id: 'autopilot-node-private-action-runner', fingerprints: ['9acbed6ec824'], policy: 'notice-gke-private-action-runner' },
  { id: 'gdc-network-monitoring', fingerprints: ['bedb08d2fad1'], policy: 'notice-gke-gdc-network-monitoring' },
  { id: 'windows-node-private-action-runner', fingerprints: ['ee1fee5130a1'], policy: 'notice-windows-private-action-runner' },
  { id: 'operator-migration-without-keep-crds', fingerprints: ['18c7f1049265'], policy: 'notice-operator-migration-without-keep-crds' },
];

/** Fail calls another part of chart-render-failure reports (the image version guards, env entries without a name). */
export const FAILS_REPORTED_ELSEWHERE: Record<string, string> = {
  a1146f1ad03c: 'image-too-old (agent)',
  d10c6883fa47: 'image-too-old (agent)',
  '728d8d99e640': 'image-too-old (cluster-agent)',
  '65e8d8c26a2a': 'env-without-name',
};

export const UNCHECKED_FAILS: UncheckedFail[] = [
  { fingerprints: ['fc29b47177e8', 'a5dc069b4fad', 'ccb190ef8085'], about: 'FIPS image variants before agent 7.78', why: 'depends on how the chart composes FIPS and -full image suffixes; not modelled yet' },
  { fingerprints: ['ff3870376be0', '20d7eb9f08d1'], about: 'standalone OTel collector image and agent version', why: 'depends on the image helpers of the OTel collector; not modelled yet' },
  { fingerprints: ['5fdb45a3dace', '0683482156ff'], about: 'OTel agent gateway image tag', why: 'depends on the image helpers of the OTel gateway; not modelled yet' },
  {
    fingerprints: ['f5eae792a36b', '184bfb04f483', '8bdb72a60fa6', '0ebb5b0278c4'],
    about: 'system-probe features on GKE Autopilot before GKE 1.32.1-gke.1729000',
    why: "depends on the cluster's Kubernetes version and API versions, which values do not tell: dd-lint assumes a cluster that supports Datadog's workload allowlists",
  },
  { fingerprints: ['c6fc40c86d8a'], about: 'operator migration job without userValues', why: 'runs only when the cluster serves the DatadogAgent CRD, which values do not tell' },
  { fingerprints: ['1f4dece03f7b', 'f2b398335c8e'], about: 'os-release paths for SBOM host scans and system-probe', why: 'depends on the os-release and system-probe helpers; not modelled yet' },
  {
    fingerprints: ['07bd52733110'],
    about: 'container runtime support for SBOM collection',
    why: 'never fires: the container image collection check before it fails first or passes (from 3.79.0 on, that one never fires either: the chart tests the text a helper returns, which is never empty)',
  },
];

interface FailsFile {
  newest: { version: string; fails: { file: string; fingerprint: string }[] };
  fails: { file: string; fingerprint: string; runs: { from: string; to: string }[] }[];
}

let data: FailsFile | undefined;
export function failsData(): FailsFile {
  data ??= JSON.parse(readFileSync(new URL('datadog.fails.json', CHART_DATA_DIR), 'utf8')) as FailsFile;
  return data;
}

/** Runs of versions as one sorted list, runs that touch or overlap joined. */
export function joinRuns(runs: { from: string; to: string }[]): { from: string; to: string }[] {
  const versions = chartVersions();
  const spans = runs.map((r) => [versions.indexOf(r.from), versions.indexOf(r.to)] as [number, number]).sort((a, b) => a[0] - b[0]);
  const out: [number, number][] = [];
  for (const [from, to] of spans) {
    const last = out[out.length - 1];
    if (last && from <= last[1] + 1) last[1] = Math.max(last[1], to);
    else out.push([from, to]);
  }
  return out.map(([from, to]) => ({ from: versions[from]!, to: versions[to]! }));
}

/** The bundled versions holding one of these fail calls (up to `liveUntil`), as sorted runs `from`..`to`. */
export function failRuns(fingerprints: string[], liveUntil?: string): { from: string; to: string }[] {
  const versions = chartVersions();
  const last = liveUntil === undefined ? Infinity : versions.indexOf(liveUntil);
  return joinRuns(failsData().fails.filter((f) => fingerprints.includes(f.fingerprint)).flatMap((f) => f.runs))
    .filter((r) => versions.indexOf(r.from) <= last)
    .map((r) => (versions.indexOf(r.to) > last ? { from: r.from, to: liveUntil! } : r));
}

/** The guards a bundled chart version applies (none for a version dd-lint has no data for). */
export function failGuards(version: string): FailGuard[] {
  const versions = chartVersions();
  const at = versions.indexOf(version);
  if (at === -1) return [];
  return FAIL_GUARDS.filter((g) => failRuns(g.fingerprints, g.liveUntil).some((r) => versions.indexOf(r.from) <= at && at <= versions.indexOf(r.to)));
}
