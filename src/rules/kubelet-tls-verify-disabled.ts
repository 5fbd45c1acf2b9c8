import type { Rule } from './types.js';
import type { RuleHit } from '../model/finding.js';
import { agentBool, effectiveEnv, nodeAgents, objectName } from './agent-facts.js';

export const kubeletTlsVerifyDisabled: Rule = (model) =>
  nodeAgents(model).flatMap((agent) => {
    const hits = new Map<string, RuleHit>();
    for (const container of agent.containers) {
      const env = effectiveEnv(container, 'DD_KUBELET_TLS_VERIFY');
      if (!env || agentBool(env.value) !== false || env.value === '') continue;
      const key = `${env.origin.file}:${env.origin.line}`;
      if (hits.has(key)) continue;
      hits.set(key, {
        message: `DD_KUBELET_TLS_VERIFY is "${env.value}" in ${objectName(agent)}: the agent sends its service-account token to port 10250 without checking the kubelet's certificate.`,
        origin: env.origin,
        object: agent.ref,
        container: container.name,
      });
    }
    return [...hits.values()];
  });
