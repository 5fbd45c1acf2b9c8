/**
 * Who gets DD_SKIP_SSL_VALIDATION: for each node agent, its sending containers with it on and with
 * it off; for each cluster agent (which sends cluster metadata, events and cluster checks itself),
 * its containers. A value the agent does not parse as a boolean ("yes", "on") leaves verification on.
 */
import type { EnvVar, Model, Workload } from '../../model/types.js';
import { agentBool, clusterAgents, effectiveEnv, mainContainers, nodeAgents, SENDING_CONTAINERS } from './agent-facts.js';

export interface SslState {
  agent: Workload;
  on: { container: string; env: EnvVar }[];
  off: string[];
}

export function sslStates(model: Model): SslState[] {
  const dcas = new Set(clusterAgents(model));
  return [...nodeAgents(model), ...dcas].map((agent) => {
    const state: SslState = { agent, on: [], off: [] };
    for (const c of mainContainers(agent)) {
      if (!dcas.has(agent) && !SENDING_CONTAINERS.has(c.name)) continue;
      const env = effectiveEnv(c, 'DD_SKIP_SSL_VALIDATION');
      if (env && agentBool(env.value) === true) state.on.push({ container: c.name, env });
      else state.off.push(c.name);
    }
    return state;
  });
}
