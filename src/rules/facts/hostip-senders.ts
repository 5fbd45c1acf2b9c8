/**
 * What apm-hostip-unreachable and dogstatsd-hostip-unreachable share: something sends to the
 * node's IP (status.hostIP) on the agent's port, but no node agent in the input listens there (no
 * hostPort, no hostNetwork). Two senders: the cluster agent's admission controller in `hostip` mode
 * (it injects DD_AGENT_HOST=status.hostIP into app pods), and app containers that set it themselves.
 */
import type { RuleHit } from '../../model/finding.js';
import type { Container, Model, ObjectRef, Port, Protocol, Workload } from '../../model/types.js';
import { agentBool, clusterAgents, effectiveEnv, listensOnHost, mainContainers, meet, nodeAgents, objectName, related } from './agent-facts.js';
import { apmAddress, dogstatsdAddress, type AgentAddress } from './agent-address.js';

/** What a channel's messages are made of. */
export type UnreachableMessages = {
  admission: (d: { clusterAgent: string; what: string; agent: string; port: number; protocol: Protocol; symptom: string }) => string;
  app: (d: { app: string; container: string; what: string; port: number; env: string; agent: string; protocol: Protocol; symptom: string }) => string;
};

export interface Channel {
  /** What is sent: "traces", "DogStatsD metrics". */
  what: string;
  protocol: Protocol;
  /** The port the node agent receives on, and the declared port (for a related location). */
  agentPort(agent: Workload): { port: number; declared?: Port };
  address(container: Container): AgentAddress | undefined;
  symptom(port: number): string;
}

function receiverPort(agent: Workload, container: string, portName: string, envName: string, fallback: number) {
  const c = mainContainers(agent).find((x) => x.name === container);
  const declared = c?.ports.find((p) => p.name === portName);
  const fromEnv = Number(c && effectiveEnv(c, envName)?.value);
  return { port: Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : (declared?.containerPort ?? fallback), ...(declared ? { declared } : {}) };
}

export const APM: Channel = {
  what: 'traces',
  protocol: 'TCP',
  agentPort: (agent) => receiverPort(agent, 'trace-agent', 'traceport', 'DD_APM_RECEIVER_PORT', 8126),
  address: apmAddress,
  symptom: (port) => `traced apps get "connection refused" on <node IP>:${port}`,
};

export const DOGSTATSD: Channel = {
  what: 'DogStatsD metrics',
  protocol: 'UDP',
  agentPort: (agent) => {
    const dataPlane = mainContainers(agent).some((c) => c.name === 'agent-data-plane' && c.ports.some((p) => p.name === 'dogstatsdport'));
    return receiverPort(agent, dataPlane ? 'agent-data-plane' : 'agent', 'dogstatsdport', 'DD_DOGSTATSD_PORT', 8125);
  },
  address: dogstatsdAddress,
  symptom: (port) => `metrics sent to <node IP>:${port}/UDP are dropped without any error (UDP loss is silent)`,
};

/** Agents that would receive on the node, or the deaf ones with their port when none does. */
function deafAgents(model: Model, channel: Channel, near: ObjectRef, port?: number): { agent: Workload; port: number; declared?: Port }[] | undefined {
  const agents = nodeAgents(model).filter((a) => meet(a.ref, near));
  if (agents.length === 0) return undefined; // nothing to judge against
  const ports = agents.map((agent) => ({ agent, ...channel.agentPort(agent) }));
  const wanted = ports.map((p) => ({ ...p, port: port ?? p.port }));
  return wanted.some((p) => listensOnHost(p.agent, p.port, channel.protocol)) ? undefined : wanted;
}

function admissionHits(model: Model, channel: Channel, messages: UnreachableMessages): RuleHit[] {
  return clusterAgents(model).flatMap((dca) => {
    const container = mainContainers(dca)[0];
    if (!container) return [];
    const mode = effectiveEnv(container, 'DD_ADMISSION_CONTROLLER_INJECT_CONFIG_MODE');
    const on = agentBool(effectiveEnv(container, 'DD_ADMISSION_CONTROLLER_ENABLED')?.value) === true;
    const mutating = agentBool(effectiveEnv(container, 'DD_ADMISSION_CONTROLLER_MUTATION_ENABLED')?.value) !== false;
    if (!mode || mode.value !== 'hostip' || !on || !mutating) return [];
    return (deafAgents(model, channel, dca.ref) ?? []).map(({ agent, port, declared }) => ({
      message: messages.admission({ clusterAgent: objectName(dca), what: channel.what, agent: objectName(agent), port, protocol: channel.protocol, symptom: channel.symptom(port) }),
      origin: mode.origin,
      object: dca.ref,
      container: container.name,
      related: [related(declared?.origin ?? agent.origin, `the agent receives ${channel.what} on ${port}/${channel.protocol} inside its pod only`)],
    }));
  });
}

function appHits(model: Model, channel: Channel, messages: UnreachableMessages): RuleHit[] {
  return model.workloads
    .filter((w) => w.role === 'app')
    .flatMap((app) =>
      mainContainers(app).flatMap((container) => {
        const address = channel.address(container);
        if (!address || address.kind !== 'hostip') return [];
        const deaf = deafAgents(model, channel, app.ref, address.port);
        if (!deaf) return [];
        const agent = deaf[0]!;
        return [
          {
            message: messages.app({ app: objectName(app), container: container.name, what: channel.what, port: address.port, env: address.env.name, agent: objectName(agent.agent), protocol: channel.protocol, symptom: channel.symptom(address.port) }),
            origin: address.env.origin,
            object: app.ref,
            container: container.name,
            related: deaf.map((d) => related(d.declared?.origin ?? d.agent.origin, `${objectName(d.agent)} receives ${channel.what} inside its pod only`)),
            judgedAgainst: deaf.map((d) => d.agent.ref),
          },
        ];
      }),
    );
}

export const unreachableMessages: UnreachableMessages = {
  admission: (d) => `The admission controller of ${d.clusterAgent} injects DD_AGENT_HOST=status.hostIP (configMode hostip) for ${d.what}, but ${d.agent} has no hostPort ${d.port}/${d.protocol} and no hostNetwork: ${d.symptom}.`,
  app: (d) => `${d.app} container ${d.container} sends ${d.what} to status.hostIP:${d.port} (${d.env}), but ${d.agent} has no hostPort ${d.port}/${d.protocol} and no hostNetwork: ${d.symptom}.`,
};

/** Everything that sends on `channel` to a node IP where no agent listens. */
export const unreachableHits = (model: Model, channel: Channel, messages: UnreachableMessages): RuleHit[] => [...admissionHits(model, channel, messages), ...appHits(model, channel, messages)];
