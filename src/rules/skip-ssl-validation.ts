/** skip-ssl-validation-partial and skip-ssl-validation-enabled: who gets DD_SKIP_SSL_VALIDATION. */
import type { Rule } from './types.js';
import type { Workload } from '../model/types.js';
import type { EnvVar } from '../model/types.js';
import { agentBool, effectiveEnv, mainContainers, nodeAgents, objectName, related, SENDING_CONTAINERS } from './agent-facts.js';

interface SslState {
  agent: Workload;
  on: { container: string; env: EnvVar }[];
  off: string[];
}

function sslStates(model: Parameters<Rule>[0]): SslState[] {
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

export const skipSslValidationPartial: Rule = (model) =>
  sslStates(model).flatMap(({ agent, on, off }) => {
    if (on.length === 0 || off.length === 0) return [];
    const first = on[0]!;
    return [
      {
        message: `DD_SKIP_SSL_VALIDATION is on in ${on.map((o) => o.container).join(', ')} but not in ${off.join(', ')} of ${objectName(agent)}: ${off.join(', ')} ${off.length === 1 ? 'still verifies' : 'still verify'} TLS and ${off.length === 1 ? 'drops its' : 'drop their'} payloads where the others get through.`,
        origin: first.env.origin,
        object: agent.ref,
        container: first.container,
        related: on.slice(1).map((o) => related(o.env.origin, `also set for ${o.container}`)),
      },
    ];
  });

export const skipSslValidationEnabled: Rule = (model) =>
  sslStates(model).flatMap(({ agent, on }) => {
    if (on.length === 0) return [];
    return [
      {
        message: `DD_SKIP_SSL_VALIDATION is on for ${on.map((o) => o.container).join(', ')} of ${objectName(agent)}: the agent does not verify the certificate of the endpoint it sends data and the API key to.`,
        origin: on[0]!.env.origin,
        object: agent.ref,
        container: on[0]!.container,
      },
    ];
  });
