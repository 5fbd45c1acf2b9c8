/**
 * Values side: the cluster agent's admission controller injects DD_AGENT_HOST=status.hostIP
 * (mode hostip) while no node agent listens for APM on the node.
 */
import type { Rule } from './types.js';
import { agentBool, clusterAgents, effectiveEnv, listensOnHost, mainContainers, nodeAgents, objectName, related } from './agent-facts.js';
import type { Workload } from '../model/types.js';

export const DEFAULT_APM_PORT = 8126;

/** The APM port the node agent's trace-agent receives on (DD_APM_RECEIVER_PORT, else its traceport). */
export function apmPortOf(agent: Workload): number {
  const trace = mainContainers(agent).find((c) => c.name === 'trace-agent');
  const env = trace && effectiveEnv(trace, 'DD_APM_RECEIVER_PORT');
  const fromEnv = env?.value !== undefined ? Number(env.value) : NaN;
  if (Number.isInteger(fromEnv) && fromEnv > 0) return fromEnv;
  return trace?.ports.find((p) => p.name === 'traceport')?.containerPort ?? DEFAULT_APM_PORT;
}

export const apmHostipUnreachable: Rule = (model) => {
  const agents = nodeAgents(model);
  if (agents.length === 0) return [];
  return clusterAgents(model).flatMap((dca) => {
    const container = mainContainers(dca)[0];
    if (!container) return [];
    const enabled = effectiveEnv(container, 'DD_ADMISSION_CONTROLLER_ENABLED');
    const mutation = effectiveEnv(container, 'DD_ADMISSION_CONTROLLER_MUTATION_ENABLED');
    const mode = effectiveEnv(container, 'DD_ADMISSION_CONTROLLER_INJECT_CONFIG_MODE');
    if (agentBool(enabled?.value) !== true || agentBool(mutation?.value) === false || mode?.value !== 'hostip') return [];
    const deaf = agents.filter((agent) => !listensOnHost(agent, apmPortOf(agent), 'TCP'));
    if (deaf.length < agents.length) return [];
    return deaf.map((agent) => {
      const port = apmPortOf(agent);
      const trace = mainContainers(agent).find((c) => c.name === 'trace-agent');
      return {
        message: `The admission controller of ${objectName(dca)} injects DD_AGENT_HOST=status.hostIP (configMode hostip), but ${objectName(agent)} has no hostPort ${port} and no hostNetwork: traced apps get "connection reset by peer" on <node IP>:${port}.`,
        origin: mode.origin,
        object: dca.ref,
        container: container.name,
        related: [related(trace?.ports.find((p) => p.containerPort === port)?.origin ?? agent.origin, `${trace ? 'trace-agent' : 'the agent'} listens only inside its pod (no hostPort ${port})`)],
      };
    });
  });
};
