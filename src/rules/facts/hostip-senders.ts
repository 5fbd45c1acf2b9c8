/**
 * What apm-hostip-unreachable and dogstatsd-hostip-unreachable share: something sends to the
 * node's IP (status.hostIP) on the agent's port, but no node agent in the input listens there (no
 * hostPort, no hostNetwork). Two senders: the cluster agent's admission controller in `hostip` mode
 * (it injects DD_AGENT_HOST=status.hostIP into the pods it configures), and app containers that set
 * it themselves (hostip-clients.ts). A finding is an error only when the input shows the traffic
 * (sender-evidence.ts); otherwise it is a warning that says what it assumes.
 */
import type { RuleHit, RelatedLocation } from '../../model/finding.js';
import type { Origin } from '../../model/location.js';
import type { Container, Model, ObjectRef, Port, Protocol, Workload } from '../../model/types.js';
import { agentBool, clusterAgents, effectiveEnv, listensOnHost, mainContainers, meet, nodeAgents, objectName, related } from './agent-facts.js';
import { NODE_IP, processEnv, type ProcessEnv } from './container-env.js';
import { apmClients, dogstatsdClients, type HostIpClient } from './hostip-clients.js';
import { ADMISSION_LABEL, dogstatsdEvidence, type Evidence } from './sender-evidence.js';

interface Deaf {
  agent: string;
  port: number;
  protocol: Protocol;
}

/** What a channel's messages are made of. */
export type UnreachableMessages = {
  admission: (d: Deaf & { clusterAgent: string; what: string; symptom: string }) => string;
  admissionAssumed: (d: Deaf & { clusterAgent: string; what: string; symptom: string }) => string;
  app: (d: Deaf & { app: string; container: string; what: string; env: string; symptom: string }) => string;
  appAssumed: (d: Deaf & { app: string; container: string; env: string; symptom: string }) => string;
};

export interface Channel {
  /** What is sent: "traces", "DogStatsD metrics". */
  what: string;
  protocol: Protocol;
  /** The port the node agent receives on, and the declared port (for a related location). */
  agentPort(agent: Workload): { port: number; declared?: Port };
  clients(workload: Workload, container: Container, env: ProcessEnv, ports: readonly number[]): HostIpClient[];
  /** What the user sees, as a sentence ("traced apps get ...") and after "if ..., " ("they get ..."). */
  symptom(port: number): string;
  symptomIf(port: number): string;
  /** The values key that binds the port on the node, the agent container that receives, the socket alternative. */
  openKey: string;
  receiver: string;
  socket: string;
}

function receiverPort(agent: Workload, container: string, portName: string, envName: string, fallback: number) {
  const c = mainContainers(agent).find((x) => x.name === container);
  const declared = c?.ports.find((p) => p.name === portName);
  const fromEnv = Number(c && effectiveEnv(c, envName)?.value);
  return { port: Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : (declared?.containerPort ?? fallback), ...(declared ? { declared } : {}) };
}

const dogstatsdContainer = (agent: Workload) =>
  mainContainers(agent).some((c) => c.name === 'agent-data-plane' && c.ports.some((p) => p.name === 'dogstatsdport')) ? 'agent-data-plane' : 'agent';

export const APM: Channel = {
  what: 'traces',
  protocol: 'TCP',
  agentPort: (agent) => receiverPort(agent, 'trace-agent', 'traceport', 'DD_APM_RECEIVER_PORT', 8126),
  clients: apmClients,
  symptom: (port) => `traced apps get "connection refused" on <node IP>:${port}`,
  symptomIf: (port) => `they get "connection refused" on <node IP>:${port}`,
  openKey: 'datadog.apm.portEnabled',
  receiver: 'trace-agent',
  socket: 'DD_TRACE_AGENT_URL=unix:///var/run/datadog/apm.socket',
};

export const DOGSTATSD: Channel = {
  what: 'DogStatsD metrics',
  protocol: 'UDP',
  agentPort: (agent) => receiverPort(agent, dogstatsdContainer(agent), 'dogstatsdport', 'DD_DOGSTATSD_PORT', 8125),
  clients: (_workload, _container, env, ports) => dogstatsdClients(env, ports),
  symptom: (port) => `metrics sent to <node IP>:${port}/UDP are dropped without any error (UDP loss is silent)`,
  symptomIf: (port) => `they are dropped at <node IP>:${port}/UDP without any error (UDP loss is silent)`,
  openKey: 'datadog.dogstatsd.useHostPort',
  receiver: 'agent',
  socket: 'DD_DOGSTATSD_URL=unix:///var/run/datadog/dsd.socket',
};

interface DeafAgent {
  agent: Workload;
  port: number;
  declared?: Port;
}

/** The node agents near `ref`, with the port each receives on. */
function receivers(model: Model, channel: Channel, near: ObjectRef): DeafAgent[] {
  return nodeAgents(model)
    .filter((a) => meet(a.ref, near))
    .map((agent) => ({ agent, ...channel.agentPort(agent) }));
}

/** The agents when none listens on the node (for `port`, or each on its own), else undefined; undefined too with no agent to judge against. */
function deaf(agents: DeafAgent[], channel: Channel, port?: number): DeafAgent[] | undefined {
  if (agents.length === 0) return undefined;
  const wanted = agents.map((a) => ({ ...a, port: port ?? a.port }));
  return wanted.some((a) => listensOnHost(a.agent, a.port, channel.protocol)) ? undefined : wanted;
}

/** A key the user wrote (not a chart default standing in for it): where a related location or a fix may point. */
const written = (origin: Origin): boolean => !origin.fromDefault;

function agentRelated(d: DeafAgent, channel: Channel): RelatedLocation[] {
  const origin = d.declared?.origin ?? d.agent.origin;
  return written(origin) ? [related(origin, `${objectName(d.agent)} receives ${channel.what} on ${d.port}/${channel.protocol} inside its pod only`)] : [];
}

/** Agents the chart made: modelled from values, or rendered by it (its pod label). */
const chartMade = (agent: Workload): boolean => agent.ref.release !== undefined || agent.podLabels?.['app.kubernetes.io/name']?.value === 'datadog';

/** How to bind the port on the node: the values key for an agent the chart makes, the hostPort for a hand-written one. */
function openFix(d: DeafAgent, channel: Channel): string {
  const key = `open the port on the node with \`${channel.openKey}: true\``;
  if (d.agent.ref.release !== undefined) return key;
  const container = channel === DOGSTATSD ? dogstatsdContainer(d.agent) : channel.receiver;
  const hostPort = `\`hostPort: ${d.port}\` on the ${container} container's port ${d.port}/${channel.protocol} of ${objectName(d.agent)}`;
  return chartMade(d.agent) ? `${key} in the chart's values (${hostPort} if it is edited by hand)` : `open the port on the node: ${hostPort}`;
}

/** The pods the admission controller configures: labelled, or all but those labelled "false" with mutateUnlabelled. */
function configuredBy(dca: Container, app: Workload): boolean {
  const label = app.podLabels?.[ADMISSION_LABEL]?.value;
  if (label === 'true') return true;
  return label !== 'false' && agentBool(effectiveEnv(dca, 'DD_ADMISSION_CONTROLLER_MUTATE_UNLABELLED')?.value) === true;
}

/** The env of a pod the admission controller configured: its own, with DD_AGENT_HOST=status.hostIP unless it sets one. */
function injected(env: ProcessEnv, origin: Origin): ProcessEnv {
  if (env.has('DD_AGENT_HOST')) return env;
  return new Map([...env, ['DD_AGENT_HOST', { name: 'DD_AGENT_HOST', value: NODE_IP, origin }]]);
}

/** The first app the admission controller configures whose pod shows `channel` traffic. */
function admissionEvidence(model: Model, channel: Channel, dca: Workload, container: Container, ports: number[]): { app: Workload; evidence: Evidence } | undefined {
  for (const app of model.workloads) {
    if (app.role !== 'app' || !meet(app.ref, dca.ref) || !configuredBy(container, app)) continue;
    for (const c of mainContainers(app)) {
      const client = channel.clients(app, c, injected(processEnv(model, app, c), c.origin), ports).find((x) => x.evidence);
      if (client) return { app, evidence: client.evidence! };
    }
  }
  return undefined;
}

function admissionFix(dca: Workload, container: Container, mode: Origin, d: DeafAgent, channel: Channel): string {
  const open = openFix(d, channel);
  if (dca.ref.release === undefined) {
    return `Set DD_ADMISSION_CONTROLLER_INJECT_CONFIG_MODE to \`socket\` or \`service\` in container ${container.name} of ${objectName(dca)}, or ${open}.`;
  }
  if (mode.valuesPath === 'clusterAgent.admissionController.configMode' && written(mode)) {
    return `Change \`clusterAgent.admissionController.configMode: hostip\` to \`socket\` (with \`datadog.apm.socketEnabled\`) or \`service\`, or ${open}.`;
  }
  const alternatives = `${open}, or set \`clusterAgent.admissionController.configMode: service\` (the agent's local Service).`;
  if (mode.valuesPath === 'providers.gke.autopilot') return `On GKE Autopilot the chart picks \`hostip\` itself: ${alternatives}`;
  return `${alternatives[0]!.toUpperCase()}${alternatives.slice(1)}`;
}

function admissionHits(model: Model, channel: Channel, messages: UnreachableMessages): RuleHit[] {
  return clusterAgents(model).flatMap((dca) => {
    const container = mainContainers(dca)[0];
    if (!container) return [];
    const mode = effectiveEnv(container, 'DD_ADMISSION_CONTROLLER_INJECT_CONFIG_MODE');
    const on = agentBool(effectiveEnv(container, 'DD_ADMISSION_CONTROLLER_ENABLED')?.value) === true;
    const mutating = agentBool(effectiveEnv(container, 'DD_ADMISSION_CONTROLLER_MUTATION_ENABLED')?.value) !== false;
    if (!mode || mode.value !== 'hostip' || !on || !mutating) return [];
    const agents = receivers(model, channel, dca.ref);
    const shown = admissionEvidence(model, channel, dca, container, agents.map((a) => a.port));
    return (deaf(agents, channel) ?? []).map((d) => {
      const data = { clusterAgent: objectName(dca), what: channel.what, agent: objectName(d.agent), port: d.port, protocol: channel.protocol };
      return {
        message: shown ? messages.admission({ ...data, symptom: channel.symptom(d.port) }) : messages.admissionAssumed({ ...data, symptom: channel.symptomIf(d.port) }),
        origin: mode.origin,
        object: dca.ref,
        container: container.name,
        related: [...agentRelated(d, channel), ...(shown ? [related(shown.evidence.origin, `${objectName(shown.app)}: ${shown.evidence.what}`)] : [])],
        fix: admissionFix(dca, container, mode.origin, d, channel),
        ...(shown ? {} : { severity: 'warning' as const }),
      };
    });
  });
}

/** DD_AGENT_HOST with no sign of a tracer is explained by a DogStatsD client, or by a DogStatsD port open on the node. */
function explainedByDogstatsd(model: Model, app: Workload, container: Container, env: ProcessEnv): boolean {
  const agents = receivers(model, DOGSTATSD, app.ref);
  if (dogstatsdEvidence(env) || DOGSTATSD.clients(app, container, env, agents.map((a) => a.port)).length > 0) return true;
  return agents.length > 0 && deaf(agents, DOGSTATSD) === undefined;
}

function appFix(app: Workload, container: Container, client: HostIpClient, d: DeafAgent, channel: Channel): string {
  const where = client.variable.configMap ? `key ${client.variable.name} of ConfigMap ${client.variable.configMap}` : `${client.variable.name} in container ${container.name} of ${objectName(app)}`;
  return `Point ${where} at the agent's local Service or its socket (\`${channel.socket}\`, with the socket's hostPath mounted), or ${openFix(d, channel)}.`;
}

function appHits(model: Model, channel: Channel, messages: UnreachableMessages): RuleHit[] {
  return model.workloads
    .filter((w) => w.role === 'app')
    .flatMap((app) => {
      const agents = receivers(model, channel, app.ref);
      if (agents.length === 0) return [];
      const ports = [...new Set(agents.map((a) => a.port))];
      return mainContainers(app).flatMap((container) => {
        const env = processEnv(model, app, container);
        const clients = channel.clients(app, container, env, ports);
        const client = clients.find((c) => c.evidence) ?? clients[0];
        if (!client) return [];
        if (!client.evidence && explainedByDogstatsd(model, app, container, env)) return [];
        const deafAgents = deaf(agents, channel, client.port);
        if (!deafAgents) return [];
        const first = deafAgents[0]!;
        const source = client.variable.configMap ? `${client.variable.name} from ConfigMap ${client.variable.configMap}` : client.variable.name;
        const data = { app: objectName(app), container: container.name, agent: objectName(first.agent), port: client.port, protocol: channel.protocol };
        return [
          {
            message: client.evidence
              ? messages.app({ ...data, what: channel.what, env: source, symptom: channel.symptom(client.port) })
              : messages.appAssumed({ ...data, env: source, symptom: channel.symptomIf(client.port) }),
            origin: client.variable.origin,
            object: app.ref,
            container: container.name,
            related: [
              ...deafAgents.flatMap((d) => agentRelated(d, channel)),
              ...(client.evidence && client.evidence.origin !== client.variable.origin ? [related(client.evidence.origin, client.evidence.what)] : []),
            ],
            fix: appFix(app, container, client, first, channel),
            ...(client.evidence ? {} : { severity: 'warning' as const }),
            judgedAgainst: deafAgents.map((d) => d.agent.ref),
          },
        ];
      });
    });
}

/** Everything that sends on `channel` to a node IP where no agent listens. */
export const unreachableHits = (model: Model, channel: Channel, messages: UnreachableMessages): RuleHit[] => [...admissionHits(model, channel, messages), ...appHits(model, channel, messages)];

export const unreachableMessages: UnreachableMessages = {
  admission: (d) => `The admission controller of ${d.clusterAgent} injects DD_AGENT_HOST=status.hostIP (configMode hostip) for ${d.what}, but ${d.agent} has no hostPort ${d.port}/${d.protocol} and no hostNetwork: ${d.symptom}.`,
  admissionAssumed: (d) =>
    `The admission controller of ${d.clusterAgent} injects DD_AGENT_HOST=status.hostIP (configMode hostip), but ${d.agent} has no hostPort ${d.port}/${d.protocol} and no hostNetwork: if the pods it configures send ${d.what}, ${d.symptom}.`,
  app: (d) => `${d.app} container ${d.container} sends ${d.what} to status.hostIP:${d.port} (${d.env}), but ${d.agent} has no hostPort ${d.port}/${d.protocol} and no hostNetwork: ${d.symptom}.`,
  appAssumed: (d) =>
    `${d.app} container ${d.container} sets ${d.env} to status.hostIP, but ${d.agent} has no hostPort ${d.port}/${d.protocol} and no hostNetwork: if this app sends traces, ${d.symptom} (nothing in its pod shows a tracer, and DogStatsD clients read ${d.env} too).`,
};
