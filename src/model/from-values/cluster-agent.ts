/**
 * The cluster agent (templates/cluster-agent-deployment.yaml), its token Secret
 * (secret-cluster-agent-token.yaml) and the token env that node containers get
 * (containers-cluster-agent-env), per datadog-facts §6-7.
 */
import type { EnvVar, SecretModel, Workload } from '../types.js';
import type { ValuesContext } from './context.js';
import { envDict, envList } from './env.js';
import { goString } from './go-truthy.js';
import { compareSemVer, parseSemVer } from '../../chart/semver.js';

/** The chart deploys the DCA when clusterAgent.enabled and not joining an existing one. */
export function clusterAgentDeployed(ctx: ValuesContext): boolean {
  return ctx.truthy('clusterAgent.enabled') && !ctx.truthy('existingClusterAgent.join');
}

/** Node agents talk to a DCA when the chart deploys one, or when joining an existing one. */
function nodeAgentsUseClusterAgent(ctx: ValuesContext): boolean {
  return (
    clusterAgentDeployed(ctx) ||
    (ctx.truthy('existingClusterAgent.join') && ctx.truthy('existingClusterAgent.serviceName') && ctx.truthy('existingClusterAgent.tokenSecretName'))
  );
}

/** Name of the Secret holding the token (key `token`), and the values key that decides it. */
function tokenSecret(ctx: ValuesContext): { name: string; key: string } {
  if (ctx.truthy('existingClusterAgent.join')) return { name: String(ctx.value('existingClusterAgent.tokenSecretName')), key: 'existingClusterAgent.tokenSecretName' };
  if (ctx.truthy('clusterAgent.tokenExistingSecret')) return { name: String(ctx.value('clusterAgent.tokenExistingSecret')), key: 'clusterAgent.tokenExistingSecret' };
  return { name: `${ctx.fullname}-cluster-agent`, key: 'clusterAgent.token' };
}

function tokenEnv(ctx: ValuesContext): EnvVar {
  const secret = tokenSecret(ctx);
  return { name: 'DD_CLUSTER_AGENT_AUTH_TOKEN', secretKeyRef: { name: secret.name, key: 'token' }, origin: ctx.origin(secret.key) };
}

export function clusterAgentNodeEnv(ctx: ValuesContext): EnvVar[] {
  return nodeAgentsUseClusterAgent(ctx) ? [tokenEnv(ctx)] : [];
}

/** The token Secret the chart creates: the user's clusterAgent.token, else `randAlphaNum 32`. */
export function clusterAgentTokenSecret(ctx: ValuesContext): SecretModel | undefined {
  if (!clusterAgentDeployed(ctx) || ctx.truthy('clusterAgent.tokenExistingSecret')) return undefined;
  const token = ctx.value('clusterAgent.token');
  const origin = ctx.origin('clusterAgent.token');
  // A non-string token (all digits, unquoted) makes b64enc fail: a render failure, and no Secret to judge.
  if (ctx.truthy('clusterAgent.token') && typeof token !== 'string') return undefined;
  const entry = typeof token === 'string' && token !== '' ? { key: 'token', value: token, length: token.length, origin } : { key: 'token', length: 32, origin };
  return { ref: { kind: 'Secret', name: `${ctx.fullname}-cluster-agent`, namespace: ctx.namespace }, entries: [entry], origin };
}

/** Chart versions before 3.138.0 turn the APM socket off on GKE Autopilot even with the CSI driver. */
const CSI_KEEPS_SOCKET = parseSemVer('3.138.0')!;

/**
 * `trace-agent-use-uds` (_helpers.tpl): the APM socket, unless the platform cannot mount it (GKE
 * Autopilot without the CSI driver, GDC, Windows nodes).
 */
function traceAgentUsesSocket(ctx: ValuesContext): boolean {
  const version = parseSemVer(ctx.release.chartVersion);
  const csiKeepsSocket = ctx.truthy('datadog.csi.enabled') && (!version || compareSemVer(version, CSI_KEEPS_SOCKET) >= 0);
  if ((ctx.truthy('providers.gke.autopilot') && !csiKeepsSocket) || ctx.truthy('providers.gke.gdc') || ctx.value('targetSystem') === 'windows') return false;
  return ctx.truthy('datadog.apm.socketEnabled') || ctx.truthy('datadog.apm.useSocketVolume');
}

/**
 * The admission controller's injection mode (cluster-agent-deployment.yaml:254-267), first match:
 * explicit configMode; APM socket ⇒ socket; apm.portEnabled/apm.enabled or GKE Autopilot ⇒ hostip;
 * apm.useLocalService ⇒ service; else socket.
 */
function injectConfigMode(ctx: ValuesContext): { mode: string; key: string } {
  if (ctx.truthy('clusterAgent.admissionController.configMode'))
    return { mode: String(ctx.value('clusterAgent.admissionController.configMode')), key: 'clusterAgent.admissionController.configMode' };
  if (traceAgentUsesSocket(ctx)) return { mode: 'socket', key: ctx.truthy('datadog.apm.socketEnabled') ? 'datadog.apm.socketEnabled' : 'datadog.apm.useSocketVolume' };
  if (ctx.truthy('datadog.apm.portEnabled')) return { mode: 'hostip', key: 'datadog.apm.portEnabled' };
  if (ctx.truthy('datadog.apm.enabled')) return { mode: 'hostip', key: 'datadog.apm.enabled' };
  if (ctx.truthy('providers.gke.autopilot')) return { mode: 'hostip', key: 'providers.gke.autopilot' };
  if (ctx.truthy('datadog.apm.useLocalService')) return { mode: 'service', key: 'datadog.apm.useLocalService' };
  return { mode: 'socket', key: 'clusterAgent.admissionController.configMode' };
}

function admissionEnv(ctx: ValuesContext): EnvVar[] {
  const base = 'clusterAgent.admissionController';
  if (!ctx.truthy(`${base}.enabled`)) {
    return [{ name: 'DD_ADMISSION_CONTROLLER_ENABLED', value: 'false', origin: ctx.origin(`${base}.enabled`) }];
  }
  const mode = injectConfigMode(ctx);
  return [
    { name: 'DD_ADMISSION_CONTROLLER_ENABLED', value: 'true', origin: ctx.origin(`${base}.enabled`) },
    { name: 'DD_ADMISSION_CONTROLLER_MUTATION_ENABLED', value: String(ctx.truthy(`${base}.mutation.enabled`)), origin: ctx.origin(`${base}.mutation.enabled`) },
    { name: 'DD_ADMISSION_CONTROLLER_MUTATE_UNLABELLED', value: goString(ctx.value(`${base}.mutateUnlabelled`) ?? ''), origin: ctx.origin(`${base}.mutateUnlabelled`) },
    { name: 'DD_ADMISSION_CONTROLLER_INJECT_CONFIG_MODE', value: mode.mode, origin: ctx.origin(mode.key) },
  ];
}

/** The admission webhook's port (`datadog-webhook`, admissionController.port). */
function admissionPort(ctx: ValuesContext) {
  const base = 'clusterAgent.admissionController';
  if (!ctx.truthy(`${base}.enabled`)) return [];
  const port = Number(ctx.value(`${base}.port`) ?? 8000);
  return [{ containerPort: port, protocol: 'TCP' as const, name: 'datadog-webhook', origin: ctx.origin(`${base}.port`) }];
}

export function clusterAgentDeployment(ctx: ValuesContext): Workload | undefined {
  if (!clusterAgentDeployed(ctx)) return undefined;
  const origin = ctx.origin('clusterAgent.enabled');
  const port = (containerPort: number, name: string) => ({ containerPort, protocol: 'TCP' as const, name, origin });
  return {
    ref: { kind: 'Deployment', name: `${ctx.fullname}-cluster-agent`, namespace: ctx.namespace },
    role: 'cluster-agent',
    hostNetwork: { value: ctx.truthy('clusterAgent.useHostNetwork'), origin: ctx.origin('clusterAgent.useHostNetwork') },
    containers: [
      {
        name: 'cluster-agent',
        init: false,
        env: [...admissionEnv(ctx), tokenEnv(ctx), ...envList(ctx.release, ['clusterAgent', 'env']), ...envDict(ctx.release, ['clusterAgent', 'envDict'])],
        ports: [port(5005, 'agentport'), port(5000, 'agentmetrics'), ...admissionPort(ctx)],
        volumeMounts: [],
        origin,
      },
    ],
    origin,
  };
}
