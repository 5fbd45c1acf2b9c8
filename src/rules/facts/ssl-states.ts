/** Who gets DD_SKIP_SSL_VALIDATION: for each node agent, its sending containers with it on and with it off. */
import type { EnvVar, Model, Workload } from '../../model/types.js';
import { agentBool, effectiveEnv, mainContainers, nodeAgents, SENDING_CONTAINERS } from './agent-facts.js';

export interface SslState {
  agent: Workload;
  on: { container: string; env: EnvVar }[];
  off: string[];
}

export function sslStates(model: Model): SslState[] {
  return nodeAgents(model).map((agent) => {
    const state: SslState = { agent, on: [], off: [] };
    for (const c of mainContainers(agent)) {
      if (!SENDING_CONTAINERS.has(c.name)) continue;
      const env = effectiveEnv(c, 'DD_SKIP_SSL_VALIDATION');
      if (env && agentBool(env.value) === true) state.on.push({ container: c.name, env });
      else state.off.push(c.name);
    }
    return state;
  });
}
