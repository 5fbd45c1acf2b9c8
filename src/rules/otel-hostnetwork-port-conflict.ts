import type { Rule } from './types.js';
import { mainContainers, nodeAgents, objectName, related } from './agent-facts.js';
import { nodePortListeners, OTEL_FIXED_PORTS, workloadHostListeners } from './host-listeners.js';

/** Ports the otel-agent binds whatever its config says (ddflare, telemetry) plus OTLP. */
export const OTEL_PORTS = [...OTEL_FIXED_PORTS, 4317, 4318];

/** A warning for the risk; an error when the input itself holds another listener on one of the ports. */
export const otelHostnetworkPortConflict: Rule = (model) => {
  const listeners = [...workloadHostListeners(model), ...nodePortListeners(model)];
  return nodeAgents(model).flatMap((agent) => {
    const otel = mainContainers(agent).find((c) => c.name === 'otel-agent');
    if (!otel || !agent.hostNetwork.value) return [];
    const self = `${agent.ref.kind}/${agent.ref.namespace}/${agent.ref.name}`;
    const others = listeners.filter((l) => l.ownerKey !== self && l.protocol === 'TCP' && OTEL_PORTS.includes(l.port));
    const note = otel.note ? ` Note: ${otel.note}.` : '';
    const base = `otel-agent runs in the node's network namespace (hostNetwork) and binds ${OTEL_PORTS.join(', ')} on every node of ${objectName(agent)}`;
    return [
      {
        message:
          others.length > 0
            ? `${base}, but ${others.map((o) => `${o.owner} holds ${o.port}`).join('; ')}: the collector fails with "bind: address already in use" on those nodes.${note}`
            : `${base}; any other listener on one of them makes it fail with "bind: address already in use".${note}`,
        origin: agent.hostNetwork.origin,
        object: agent.ref,
        container: 'otel-agent',
        ...(others.length > 0 ? { severity: 'error' as const } : {}),
        related: [related(otel.origin, otel.note ?? 'the otel-agent container is enabled here'), ...others.map((o) => related(o.origin, `${o.owner} listens on ${o.port}`))],
      },
    ];
  });
};
