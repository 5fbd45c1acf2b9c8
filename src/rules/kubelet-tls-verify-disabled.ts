/** The node agent talks to the kubelet without verifying its certificate. */
import { definePolicy, WORKLOAD_KINDS } from './define.js';
import type { EnvVar } from '../model/types.js';
import { agentBool, effectiveEnv, nodeAgents, objectName, related } from './facts/agent-facts.js';

/** One finding per agent workload, at the first place that turns verification off; the others are related. */
export default definePolicy({
  id: 'kubelet-tls-verify-disabled',
  severity: 'warning',
  category: 'security',
  scope: { reads: 'both', kinds: WORKLOAD_KINDS },
  messages: {
    disabled: ({ value, containers, agent }: { value: string | undefined; containers: string[]; agent: string }) =>
      `DD_KUBELET_TLS_VERIFY is "${value}" for ${containers.join(', ')} of ${agent}: the agent sends its service-account token to port 10250 without checking the kubelet's certificate.`,
  },
  check: (model, { messages }) =>
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
        message: messages.disabled({ value: first.env.value, containers, agent: objectName(agent) }),
        origin: first.env.origin,
        object: agent.ref,
        container: first.containers[0]!,
        related: others.map((p) => related(p.env.origin, `also off for ${p.containers.join(', ')}`)),
      },
    ];
  }),
});
