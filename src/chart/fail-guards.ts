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
import { chartVersions, runCovering, versionIndex } from './history.js';

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
  | { otlpEndpoint: string; problem: 'no-port' | 'unix' | 'unix-abstract' }
  /**
   * A version read as the chart's `semverCompare` reads it (`7.70` is 7.70.0; a pre-release such as
   * `7.70.0-full` matches no range without a pre-release) is within, or outside, a range: the agent
   * version the chart computes (`get-agent-version`), or the text at `of` with `trimSuffix` cut off.
   * Text that is no version holds neither (the chart then stops with a semver error of its own).
   */
  | { versionWithin: string; of?: string; trimSuffix?: string }
  | { versionOutside: string; of?: string; trimSuffix?: string }
  /** The value as text (Go's `toString`) ends with `suffix`. */
  | { endsWith: string; suffix: string }
  /** The chart version linted is within a range (a helper that changed while the `fail` stayed the same). */
  | { chartVersionWithin: string };

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
  /**
   * What the cluster must be for the `fail` to run, when values cannot tell (the chart asks the
   * cluster's API versions): the guard is then reported as an info that says so.
   */
  assumes?: string;
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
const FIPS: Condition = { truthy: 'useFIPSAgent' };
const CHECKS_AGENT_TAG: Condition = { falsy: 'agents.image.doNotCheckTag' };
const CLUSTER_AGENT_DEPLOYED: Condition = { all: [{ truthy: 'clusterAgent.enabled' }, { falsy: 'existingClusterAgent.join' }] };
const CLUSTER_CHECKS_RUNNER_DEPLOYED: Condition = {
  all: [
    CLUSTER_AGENT_DEPLOYED,
    {
      any: [
        { truthy: 'datadog.kubeStateMetricsCore.useClusterCheckRunners' },
        { truthy: 'datadog.orchestratorExplorer.useClusterCheckRunners' },
        { all: [{ truthy: 'datadog.clusterChecks.enabled' }, { truthy: 'clusterChecksRunner.enabled' }] },
      ],
    },
  ],
};
/** The node agent's OTel collector container with its own image (ddot-collector). */
const STANDALONE_OTEL: Condition = { all: [AGENT_RENDERED, { truthy: 'datadog.otelCollector.enabled' }, { falsy: 'providers.gke.gdc' }, { truthy: 'datadog.otelCollector.useStandaloneImage' }] };
const GATEWAY = 'otelAgentGateway.image';
const GATEWAY_CHECKED: Condition = { all: [{ truthy: 'otelAgentGateway.enabled' }, { falsy: `${GATEWAY}.doNotCheckTag` }] };
/** The gateway's image tag: its own, or (from chart 3.160.0 on, when empty) the agent version. */
const gatewayTag = (own: Condition, agent: Condition): Condition => ({
  any: [{ all: [{ truthy: `${GATEWAY}.tag` }, own] }, { all: [{ falsy: `${GATEWAY}.tag` }, { chartVersionWithin: '>=3.160.0' }, agent] }],
});
const GATEWAY_FULL: Condition = {
  any: [{ equals: `${GATEWAY}.tagSuffix`, value: 'full' }, gatewayTag({ endsWith: `${GATEWAY}.tag`, suffix: '-full' }, { endsWith: 'agents.image.tag', suffix: '-full' })],
};
const gatewayVersionWithin = (range: string): Condition => gatewayTag({ versionWithin: range, of: `${GATEWAY}.tag` }, { versionWithin: range });
/** An image whose tag the chart builds as `<tag>-fips-full`, which exists only from agent 7.78.0 on. */
const fipsFull = (image: string, deployed: Condition): Condition => ({
  all: [{ equals: `${image}.tagSuffix`, value: 'full' }, deployed, FIPS, CHECKS_AGENT_TAG, { versionWithin: '<7.78.0' }],
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
  {
    id: 'fips-full-agent-image',
    fingerprints: ['fc29b47177e8'],
    at: 'agents.image.tagSuffix',
    when: fipsFull('agents.image', AGENT_RENDERED),
    reason: 'FIPS images (useFIPSAgent) with agents.image.tagSuffix "full" exist only from agent 7.78.0 on; upgrade agents.image.tag, drop the suffix or turn useFIPSAgent off',
  },
  {
    id: 'fips-full-cluster-checks-runner-image',
    fingerprints: ['fc29b47177e8'],
    at: 'clusterChecksRunner.image.tagSuffix',
    when: fipsFull('clusterChecksRunner.image', CLUSTER_CHECKS_RUNNER_DEPLOYED),
    reason: 'FIPS images (useFIPSAgent) with clusterChecksRunner.image.tagSuffix "full" exist only from agent 7.78.0 on (the chart compares agents.image.tag); upgrade it, drop the suffix or turn useFIPSAgent off',
  },
  {
    id: 'fips-full-cluster-agent-image',
    fingerprints: ['fc29b47177e8'],
    at: 'clusterAgent.image.tagSuffix',
    when: fipsFull('clusterAgent.image', CLUSTER_AGENT_DEPLOYED),
    reason: 'FIPS images (useFIPSAgent) with clusterAgent.image.tagSuffix "full" are refused before agent 7.78.0 (the chart compares agents.image.tag); drop the suffix or turn useFIPSAgent off',
  },
  {
    id: 'otel-standalone-full-tag',
    fingerprints: ['ff3870376be0'],
    at: 'agents.image.tag',
    when: { all: [{ endsWith: 'agents.image.tag', suffix: '-full' }, STANDALONE_OTEL, { versionOutside: '<7.67.0', of: 'agents.image.tag', trimSuffix: '-full' }] },
    reason: 'an agents.image.tag ending in "-full" (7.67.0 or newer) cannot go with datadog.otelCollector.useStandaloneImage: true, which gives the OTel collector its own image; drop "-full" from the tag or set useStandaloneImage: false',
  },
  {
    id: 'otel-standalone-agent-too-old',
    fingerprints: ['20d7eb9f08d1'],
    at: 'agents.image.tag',
    when: { all: [STANDALONE_OTEL, { versionWithin: '<7.67.0' }] },
    reason: 'the standalone OTel collector image (datadog.otelCollector.useStandaloneImage) needs agent 7.67.0 or newer (agents.image.tag); upgrade the agent, or set useStandaloneImage: false and agents.image.tagSuffix: full',
  },
  {
    id: 'fips-otel-standalone-image',
    fingerprints: ['a5dc069b4fad'],
    at: 'agents.image.tag',
    when: { all: [STANDALONE_OTEL, FIPS, CHECKS_AGENT_TAG, { versionWithin: '>=7.67.0 <7.78.0' }] },
    reason: 'the FIPS image (useFIPSAgent) of the standalone OTel collector exists only from agent 7.78.0 on; upgrade agents.image.tag, or turn useFIPSAgent or datadog.otelCollector.useStandaloneImage off',
  },
  {
    id: 'otel-gateway-full-image',
    fingerprints: ['5fdb45a3dace'],
    at: `${GATEWAY}.tagSuffix`,
    when: { all: [GATEWAY_FULL, GATEWAY_CHECKED] },
    reason: `the OTel agent gateway has no "-full" image (${GATEWAY}.tagSuffix, ${GATEWAY}.tag, or the agents.image.tag it falls back to); use the plain tag`,
  },
  {
    id: 'otel-gateway-too-old',
    fingerprints: ['0683482156ff'],
    at: `${GATEWAY}.tag`,
    when: { all: [gatewayVersionWithin('<7.67.0'), GATEWAY_CHECKED, { not: GATEWAY_FULL }] },
    reason: `the OTel agent gateway needs 7.67.0 or newer (${GATEWAY}.tag, or agents.image.tag when it is empty)`,
  },
  {
    id: 'fips-otel-gateway-image',
    fingerprints: ['ccb190ef8085'],
    at: `${GATEWAY}.tag`,
    when: { all: [gatewayVersionWithin('>=7.67.0 <7.78.0'), GATEWAY_CHECKED, FIPS, { not: GATEWAY_FULL }] },
    reason: `the FIPS image (useFIPSAgent) of the OTel agent gateway exists only from 7.78.0 on; upgrade ${GATEWAY}.tag (or agents.image.tag when it is empty), or turn useFIPSAgent off`,
  },
  {
    id: 'operator-migration-without-user-values',
    fingerprints: ['c6fc40c86d8a'],
    at: 'datadog.operator.migration.userValues',
    when: {
      all: [
        { any: [{ truthy: 'datadog.operator.migration.enabled' }, { truthy: 'datadog.operator.migration.preview' }] },
        { truthy: 'datadog.operator.enabled' },
        { falsy: 'datadog.operator.migration.userValues' },
        { any: [{ truthy: 'operator.image.doNotCheckTag' }, { versionWithin: '>=1.22.0', of: 'operator.image.tag' }] },
      ],
    },
    reason: 'the migration to a DatadogAgent needs your values in datadog.operator.migration.userValues; pass your values file with --set-file datadog.operator.migration.userValues=<file>',
    assumes: "the cluster already serves the DatadogAgent CRD (datadoghq.com/v2alpha1, once the operator's CRDs are installed)",
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
  /** What the policy assumes of the cluster when values cannot tell (it then reports an info, not an error). */
  assumes?: string;
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
  { id: 'sbom-host-without-os-release', fingerprints: ['1f4dece03f7b'], policy: 'notice-sbom-host-without-os-release' },
  { id: 'system-probe-without-os-release', fingerprints: ['f2b398335c8e'], policy: 'notice-system-probe-without-os-release' },
  {
    id: 'autopilot-system-probe-gke-version',
    fingerprints: ['0ebb5b0278c4', '8bdb72a60fa6', '184bfb04f483', 'f5eae792a36b'],
    policy: 'notice-gke-autopilot-system-probe-version',
    assumes: 'a GKE cluster older than 1.32.1-gke.1729000 or without the auto.gke.io workload allowlist APIs',
  },
];

/** Fail calls another part of chart-render-failure reports (the image version guards, env entries without a name). */
export const FAILS_REPORTED_ELSEWHERE: Record<string, string> = {
  a1146f1ad03c: 'image-too-old (agent)',
  d10c6883fa47: 'image-too-old (agent)',
  '728d8d99e640': 'image-too-old (cluster-agent)',
  '65e8d8c26a2a': 'env-without-name',
};

export const UNCHECKED_FAILS: UncheckedFail[] = [
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
  const spans = runs.map((r) => [versionIndex(r.from), versionIndex(r.to)] as [number, number]).sort((a, b) => a[0] - b[0]);
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
  const last = liveUntil === undefined ? Infinity : versionIndex(liveUntil);
  return joinRuns(failsData().fails.filter((f) => fingerprints.includes(f.fingerprint)).flatMap((f) => f.runs))
    .filter((r) => versionIndex(r.from) <= last)
    .map((r) => (versionIndex(r.to) > last ? { from: r.from, to: liveUntil! } : r));
}

/** The guards a bundled chart version applies (none for a version dd-lint has no data for). */
export function failGuards(version: string): FailGuard[] {
  return FAIL_GUARDS.filter((g) => runCovering(failRuns(g.fingerprints, g.liveUntil), version) !== undefined);
}
