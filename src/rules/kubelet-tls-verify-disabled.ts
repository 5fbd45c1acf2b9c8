import type { Rule } from './types.js';
import type { EnvVar } from '../model/types.js';
import { agentBool, effectiveEnv, nodeAgents, objectName, related } from './agent-facts.js';

/** One finding per agent workload, at the first place that turns verification off; the others are related. */
export const kubeletTlsVerifyDisabled: Rule = (model) =>
  nodeAgents(model).flatMap((agent) => {
    const places = new Map<string, { env: EnvVar; containers: string[] }>();
    for (const container of agent.containers) {
      const env = effectiveEnv(container, 'DD_KUBELET_TLS_VERIFY');
      if (!env || env.value === '' || agentBool(env.value) !== false) continue;
      const key = `${env.origin.file}:${env.origin.line}:${env.origin.column}`;
      const place = places.get(key) ?? places.set(key, { env, containers: [] }).get(key)!;
      place.containers.push(container.name);
    }
    const [first, ...others] = [...places.values()];
    if (!first) return [];
    const containers = [first, ...others].flatMap((p) => p.containers);
    return [
      {
        message: `DD_KUBELET_TLS_VERIFY is "${first.env.value}" for ${containers.join(', ')} of ${objectName(agent)}: the agent sends its service-account token to port 10250 without checking the kubelet's certificate.`,
        origin: first.env.origin,
        object: agent.ref,
        container: first.containers[0]!,
        related: others.map((p) => related(p.env.origin, `also off for ${p.containers.join(', ')}`)),
      },
    ];
  });
