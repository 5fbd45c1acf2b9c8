/** The otel-agent in hostNetwork binds fixed ports on every node. */
import { definePolicy, WORKLOAD_KINDS } from './define.js';
import { mainContainers, meet, nodeAgents, objectName, related } from './facts/agent-facts.js';
import { nodePortListeners, OTEL_FIXED_PORTS, ownerKeyOf, workloadHostListeners } from './facts/host-listeners.js';

/** Ports the otel-agent binds whatever its config says (ddflare, telemetry) plus OTLP. */
export const OTEL_PORTS = [...OTEL_FIXED_PORTS, 4317, 4318];

/** A warning for the risk; an error when the input itself holds another listener on one of the ports. */
export default definePolicy({
  id: 'otel-hostnetwork-port-conflict',
  severity: 'warning',
  category: 'networking',
  scope: { reads: 'both', kinds: [...WORKLOAD_KINDS, 'Service'], needsCluster: true },
  messages: {
    held: ({ agent, holders, note }: { agent: string; holders: string; note: string }) =>
      `otel-agent runs in the node's network namespace (hostNetwork) and binds ${OTEL_PORTS.join(', ')} on every node of ${agent}, but ${holders}: the collector fails with "bind: address already in use" on those nodes.${note}`,
    risk: ({ agent, note }: { agent: string; note: string }) =>
      `otel-agent runs in the node's network namespace (hostNetwork) and binds ${OTEL_PORTS.join(', ')} on every node of ${agent}; any other listener on one of them makes it fail with "bind: address already in use".${note}`,
  },
  check(model, { messages }) {
  const listeners = [...workloadHostListeners(model), ...nodePortListeners(model)];
  return nodeAgents(model).flatMap((agent) => {
    const otel = mainContainers(agent).find((c) => c.name === 'otel-agent');
    if (!otel || !agent.hostNetwork.value) return [];
    const self = ownerKeyOf(agent.ref);
    const others = listeners.filter((l) => l.ownerKey !== self && l.protocol === 'TCP' && OTEL_PORTS.includes(l.port) && meet(l.ref, agent.ref));
    const note = otel.note ? ` Note: ${otel.note}.` : '';
    return [
      {
        message:
          others.length > 0
            ? messages.held({ agent: objectName(agent), holders: others.map((o) => `${o.owner} holds ${o.port}`).join('; '), note })
            : messages.risk({ agent: objectName(agent), note }),
        origin: agent.hostNetwork.origin,
        object: agent.ref,
        container: 'otel-agent',
        ...(others.length > 0 ? { severity: 'error' as const } : {}),
        related: [related(otel.origin, otel.note ?? 'the otel-agent container is enabled here'), ...others.map((o) => related(o.origin, `${o.owner} listens on ${o.port}`))],
      },
    ];
  });
  },
});
