/**
 * The agent DaemonSet the chart renders (templates/daemonset.yaml): which containers run, their
 * env (exactly where the chart puts each env list), ports, mounts, and hostNetwork.
 * The DaemonSet is modelled even without an API key in the values (the chart then skips it):
 * the key is usually supplied at deploy time with --set or an existing Secret.
 */
import type { Container, EnvVar, Fact, Port, Workload } from '../types.js';
import type { ValuesContext } from './context.js';
import { envDict, envList } from './env.js';
import { apmPort, dogstatsdPort, otlpPorts, rawPorts } from './ports.js';
import { volumeMounts } from './mounts.js';
import { clusterAgentNodeEnv } from './cluster-agent.js';
import { goString } from './go-truthy.js';
import { isObject } from '../../json.js';

interface Enabled {
  on: boolean;
  /** The values key that switches the container on (where a finding about it points). */
  key: string;
  note?: string | undefined;
}

interface ContainerSpec {
  name: string;
  /** Key under agents.containers.<key> for this container's own env, ports, volumeMounts. */
  key: string;
  enabled(ctx: ValuesContext): Enabled;
  /** Gets containers-common-env (datadog.env, envDict, kubelet vars). */
  commonEnv: boolean;
  /** Gets DD_CLUSTER_AGENT_AUTH_TOKEN and friends (containers-cluster-agent-env). */
  clusterAgentEnv: boolean;
  ports(ctx: ValuesContext): Port[];
}

const firstTruthy = (ctx: ValuesContext, keys: string[]): Enabled => {
  const key = keys.find((k) => ctx.truthy(k));
  return key ? { on: true, key, note: ctx.note(key) } : { on: false, key: keys[0]! };
};

const always = (key: string) => (): Enabled => ({ on: true, key });

/** Node containers in the order the chart renders them (daemonset.yaml:149-190). */
const CONTAINERS: ContainerSpec[] = [
  {
    name: 'agent',
    key: 'agent',
    enabled: always('agents.containers.agent'),
    commonEnv: true,
    clusterAgentEnv: true,
    ports: (ctx) => [...(dataPlaneTakesDogstatsd(ctx) ? [] : [dogstatsdPort(ctx)]), ...otlpPorts(ctx)],
  },
  {
    name: 'trace-agent',
    key: 'traceAgent',
    // should-enable-trace-agent (_helpers.tpl:927): TCP port, deprecated flag, local service or UDS.
    enabled: (ctx) =>
      firstTruthy(ctx, ['datadog.apm.portEnabled', 'datadog.apm.enabled', 'datadog.apm.useLocalService', 'datadog.apm.socketEnabled', 'datadog.apm.useSocketVolume']),
    commonEnv: true,
    clusterAgentEnv: true,
    ports: (ctx) => [apmPort(ctx)],
  },
  {
    name: 'process-agent',
    key: 'processAgent',
    // On linux agents >= 7.60 process checks run in the core agent; process-agent only for NPM/USM.
    enabled: (ctx) => firstTruthy(ctx, ['datadog.networkMonitoring.enabled', 'datadog.serviceMonitoring.enabled']),
    commonEnv: true,
    clusterAgentEnv: true,
    ports: () => [],
  },
  {
    name: 'system-probe',
    key: 'systemProbe',
    enabled: systemProbeEnabled,
    commonEnv: true,
    clusterAgentEnv: false,
    ports: () => [],
  },
  {
    name: 'security-agent',
    key: 'securityAgent',
    enabled: (ctx) => {
      if (ctx.truthy('datadog.securityAgent.compliance.enabled') && !ctx.truthy('datadog.securityAgent.compliance.runInSystemProbe'))
        return { on: true, key: 'datadog.securityAgent.compliance.enabled' };
      if (ctx.truthy('datadog.securityAgent.runtime.enabled') && !ctx.truthy('datadog.securityAgent.runtime.directSendFromSystemProbe'))
        return { on: true, key: 'datadog.securityAgent.runtime.enabled' };
      return { on: false, key: 'datadog.securityAgent' };
    },
    commonEnv: true,
    clusterAgentEnv: true,
    ports: () => [],
  },
  {
    name: 'otel-agent',
    key: 'otelAgent',
    enabled: (ctx) => firstTruthy(ctx, ['datadog.otelCollector.enabled']),
    commonEnv: true,
    clusterAgentEnv: true,
    ports: (ctx) => rawPorts(ctx, 'datadog.otelCollector.ports'),
  },
  {
    name: 'agent-data-plane',
    key: 'agentDataPlane',
    enabled: (ctx) => firstTruthy(ctx, ['datadog.dataPlane.enabled']),
    commonEnv: true,
    clusterAgentEnv: false,
    ports: (ctx) => (dataPlaneTakesDogstatsd(ctx) ? [dogstatsdPort(ctx)] : []),
  },
  {
    name: 'host-profiler',
    key: 'hostProfiler',
    enabled: (ctx) => firstTruthy(ctx, ['datadog.hostProfiler.enabled']),
    commonEnv: true,
    clusterAgentEnv: true,
    ports: () => [],
  },
  {
    name: 'private-action-runner',
    key: 'privateActionRunner',
    enabled: (ctx) => firstTruthy(ctx, ['datadog.privateActionRunner.enabled']),
    commonEnv: true,
    clusterAgentEnv: true,
    ports: () => [],
  },
];

function dataPlaneTakesDogstatsd(ctx: ValuesContext): boolean {
  return ctx.truthy('datadog.dataPlane.enabled') && ctx.truthy('datadog.dataPlane.dogstatsd.enabled');
}

/**
 * system-probe-feature (_helpers.tpl:750). On chart 3.240.0 `datadog.discovery.enabled` left
 * unset means ON for agent >= 7.78, so system-probe runs by default; 3.123.3 needed an explicit feature.
 */
export function systemProbeEnabled(ctx: ValuesContext): Enabled {
  const features = [
    'datadog.securityAgent.runtime.enabled',
    'datadog.networkMonitoring.enabled',
    'datadog.systemProbe.enableTCPQueueLength',
    'datadog.systemProbe.enableOOMKill',
    'datadog.serviceMonitoring.enabled',
    'datadog.traceroute.enabled',
    'datadog.discovery.enabled',
    'datadog.dynamicInstrumentationGo.enabled',
  ];
  const explicit = firstTruthy(ctx, features);
  if (explicit.on) return explicit;
  if (ctx.value('datadog.discovery.enabled') == null && discoveryOnByDefault(ctx)) return { on: true, key: 'datadog.discovery.enabled' };
  return { on: false, key: 'datadog.discovery.enabled' };
}

/** Discovery defaults to on when the agent tag is >= 7.78 or not a version at all (chart 3.240.0, _helpers.tpl:60-80). */
function discoveryOnByDefault(ctx: ValuesContext): boolean {
  if (ctx.release.chartVersion.startsWith('3.123.')) return false;
  const tag = String(ctx.value('agents.image.tag') ?? '');
  const match = /^(\d+)\.(\d+)/.exec(tag);
  if (!match) return true;
  const [major, minor] = [Number(match[1]), Number(match[2])];
  return major > 7 || (major === 7 && minor >= 78);
}

/** DD_KUBELET_TLS_VERIFY: `if .Values.datadog.kubelet.tlsVerify | quote` emits it for false too (only nil skips it). */
function kubeletEnv(ctx: ValuesContext): EnvVar[] {
  const tlsVerify = ctx.value('datadog.kubelet.tlsVerify');
  if (tlsVerify === null || tlsVerify === undefined) return [];
  return [{ name: 'DD_KUBELET_TLS_VERIFY', value: goString(tlsVerify), origin: ctx.origin('datadog.kubelet.tlsVerify') }];
}

function commonEnv(ctx: ValuesContext): EnvVar[] {
  return [...kubeletEnv(ctx), ...envList(ctx.release, ['datadog', 'env']), ...envDict(ctx.release, ['datadog', 'envDict'])];
}

export function agentDaemonSet(ctx: ValuesContext): Workload | undefined {
  if (!ctx.truthy('agents.enabled')) return undefined;
  const common = commonEnv(ctx);
  const dcaEnv = clusterAgentNodeEnv(ctx);
  const userMounts = volumeMounts(ctx, 'agents.volumeMounts');
  const containers: Container[] = [];
  for (const spec of CONTAINERS) {
    const enabled = spec.enabled(ctx);
    if (!enabled.on) continue;
    const own = `agents.containers.${spec.key}`;
    const container: Container = {
      name: spec.name,
      init: false,
      env: [
        ...(spec.commonEnv ? common : []),
        ...(spec.clusterAgentEnv ? dcaEnv : []),
        ...envList(ctx.release, [...own.split('.'), 'env']),
        ...envDict(ctx.release, [...own.split('.'), 'envDict']),
      ],
      ports: [...spec.ports(ctx), ...rawPorts(ctx, `${own}.ports`)],
      volumeMounts: [...userMounts, ...volumeMounts(ctx, `${own}.volumeMounts`)],
      origin: ctx.origin(enabled.key),
      ...(enabled.note ? { note: enabled.note } : {}),
    };
    containers.push(container);
  }
  // init-config runs the common env too (it renders the config with it).
  containers.push({ name: 'init-config', init: true, env: common, ports: [], volumeMounts: [], origin: ctx.origin('agents') });
  return {
    ref: { kind: 'DaemonSet', name: ctx.fullname, namespace: ctx.namespace },
    role: 'node-agent',
    hostNetwork: hostNetwork(ctx),
    containers,
    origin: ctx.origin('agents'),
  };
}

/**
 * `hostNetwork: {{ .Values.agents.useHostNetwork }}` under `if .Values.agents.useHostNetwork`:
 * a string is printed as-is, so "false" renders `hostNetwork: false` (but still switches dnsPolicy).
 */
function hostNetwork(ctx: ValuesContext): Fact<boolean> {
  const raw = ctx.value('agents.useHostNetwork');
  const origin = ctx.origin('agents.useHostNetwork');
  if (!ctx.truthy('agents.useHostNetwork')) return { value: false, origin };
  if (typeof raw === 'string') return { value: /^(true|yes|on|y)$/i.test(raw.trim()), origin };
  return { value: raw === true || (typeof raw === 'number' && raw !== 0) || isObject(raw), origin };
}
